"use client";

import { useCallback, useSyncExternalStore } from "react";
import { PROJECTOR_KEY } from "@/lib/ui/projector";

const CHANGED = "projector:changed";

function subscribe(onChange: () => void) {
  window.addEventListener(CHANGED, onChange);
  return () => window.removeEventListener(CHANGED, onChange);
}

const isOn = () => document.documentElement.classList.contains("projector");

/**
 * Projector mode lives on <html>, so every rem-sized text grows together (see globals.css); it is
 * remembered in localStorage and restored before paint by the boot script in app/layout.tsx.
 */
export function useProjector(): [boolean, () => void] {
  const on = useSyncExternalStore(subscribe, isOn, () => false);
  const toggle = useCallback(() => {
    const next = !isOn();
    document.documentElement.classList.toggle("projector", next);
    try {
      localStorage.setItem(PROJECTOR_KEY, next ? "1" : "0");
    } catch {
      // Storage can be off (private mode); the mode still works on this page.
    }
    window.dispatchEvent(new Event(CHANGED));
  }, []);
  return [on, toggle];
}
