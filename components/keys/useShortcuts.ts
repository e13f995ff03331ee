"use client";

import { useEffect, useRef } from "react";
import { focusKind } from "@/lib/ui/keys";

export type Shortcut = {
  keys: string[];
  run: () => void;
  /** Also when the focus is in an empty text field (digits and arrows, so a presenter is never stuck). */
  inEmptyField?: boolean;
  /** Also when the focus is on a slider or a select (they use arrows themselves, so arrows leave this off). */
  onControls?: boolean;
};

/**
 * Page-wide single keys. Never while text is being edited; Escape in a text field leaves it, so
 * the keys work again without the mouse.
 */
export function useShortcuts(shortcuts: Shortcut[]) {
  const current = useRef(shortcuts);
  useEffect(() => {
    current.current = shortcuts;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
      const kind = focusKind(e.target);
      if (e.key === "Escape" && (kind === "text" || kind === "empty-text")) {
        (e.target as HTMLElement).blur();
        return;
      }
      if (kind === "text") return;
      const hit = current.current.find((s) => s.keys.includes(e.key));
      if (!hit) return;
      if (kind === "empty-text" && !hit.inEmptyField) return;
      if (kind === "control" && !hit.onControls) return;
      e.preventDefault();
      hit.run();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
