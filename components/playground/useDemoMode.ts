"use client";

import { useCallback, useEffect, useSyncExternalStore } from "react";

const STORAGE_KEY = "playground:demo";
const CHANGED = "playground:demo-changed";

export type DemoMode = {
  on: boolean;
  toggle: () => void;
  /** Lays the demo sandbox's seed again; resolves to an error message, or null when it worked. */
  reset: () => Promise<string | null>;
};

function subscribe(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

function remember(on: boolean): void {
  window.localStorage.setItem(STORAGE_KEY, on ? "1" : "0");
  window.dispatchEvent(new Event(CHANGED));
}

/**
 * Demo mode: the presenter's runs book in their own demo sandbox (seeded like the club's schedule),
 * so the same request succeeds through every pattern and the club's schedule stays untouched.
 * `?demo=1` / `?demo=0` (passed in as `asked`) sets it; otherwise the last choice is remembered.
 */
export function useDemoMode(asked: boolean | undefined): DemoMode {
  const stored = useSyncExternalStore(
    subscribe,
    () => window.localStorage.getItem(STORAGE_KEY),
    () => null,
  );
  const on = stored === null ? asked === true : stored === "1";

  useEffect(() => {
    if (asked !== undefined) remember(asked);
  }, [asked]);

  const toggle = useCallback(() => remember(!on), [on]);

  const reset = useCallback(async () => {
    const res = await fetch("/api/admin/reset", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ schedule: "demo" }),
    }).catch(() => null);
    if (res?.ok) return null;
    const body = await res?.json().catch(() => null);
    return body?.error?.message ?? "The demo sandbox could not be reset.";
  }, []);

  return { on, toggle, reset };
}
