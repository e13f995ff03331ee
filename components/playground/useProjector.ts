"use client";

import { useCallback, useEffect, useState } from "react";

/** Projector mode lives on <html>, so every rem-sized text grows together (see globals.css). */
export function useProjector(): [boolean, () => void] {
  const [on, setOn] = useState(false);
  useEffect(() => {
    document.documentElement.classList.toggle("projector", on);
  }, [on]);
  const toggle = useCallback(() => setOn((v) => !v), []);
  return [on, toggle];
}
