"use client";

import { useEffect } from "react";
import type { PatternId } from "@/lib/patterns/types";
import type { PatternInfo } from "@/lib/patterns/types";

/**
 * Keys 1–8 pick a pattern, ←/→ step along the spectrum, P toggles projector mode — never while typing.
 * `more` adds keys by KeyboardEvent.key (R resets the demo, Space continues a paused step); unset ones do nothing.
 */
export function usePatternKeys(patterns: PatternInfo[], chosen: PatternId, choose: (id: PatternId) => void, toggleProjector: () => void, more: Record<string, (() => void) | undefined> = {}) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      const index = patterns.findIndex((p) => p.id === chosen);
      const pick = (i: number) => {
        e.preventDefault();
        choose(patterns[(i + patterns.length) % patterns.length].id);
      };
      if (/^[1-9]$/.test(e.key) && Number(e.key) <= patterns.length) pick(Number(e.key) - 1);
      else if (e.key === "ArrowRight") pick(index + 1);
      else if (e.key === "ArrowLeft") pick(index - 1);
      else if (e.key === "p" || e.key === "P") {
        e.preventDefault();
        toggleProjector();
      } else if (more[e.key.toLowerCase()]) {
        e.preventDefault();
        more[e.key.toLowerCase()]!();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [patterns, chosen, choose, toggleProjector, more]);
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}
