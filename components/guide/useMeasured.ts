"use client";

import { useEffect, useState } from "react";
import type { Measured } from "@/lib/guide/figures";
import type { PatternId } from "@/lib/patterns/types";

export type MeasuredView =
  | { status: "loading" }
  | { status: "measured"; measured: Measured }
  | { status: "measuring"; done: number; total: number }
  | { status: "waiting"; message: string }
  | { status: "none" }
  | { status: "error"; message: string };

type State = { measured: Measured | null; progress: { done: number; total: number } | null; error: string | null };

const POLL_MS = 400;

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
  });

async function answer(res: Response): Promise<State | { failure: string; retryAfterS?: number }> {
  const body = await res.json().catch(() => null);
  if (res.ok) return body as State;
  return { failure: body?.error?.message ?? `HTTP ${res.status}`, retryAfterS: body?.error?.details?.retry_after_s };
}

/**
 * What the app measured for a pattern. With `measure`, a pattern nobody measured yet is measured on
 * the spot (the server runs a few cases and this polls its progress); a busy server is asked again
 * when it says to.
 */
export function useMeasured(pattern: PatternId, measure: boolean, onMeasured?: () => void): MeasuredView {
  const [view, setView] = useState<MeasuredView>({ status: "loading" });
  useEffect(() => {
    const abort = new AbortController();
    const { signal } = abort;
    const url = `/api/guide/${pattern}`;
    const follow = async () => {
      setView({ status: "loading" });
      let asked = false;
      while (!signal.aborted) {
        const got = await answer(await fetch(url, { signal }));
        if ("failure" in got) return setView({ status: "error", message: got.failure });
        if (got.measured) {
          setView({ status: "measured", measured: got.measured });
          if (asked) onMeasured?.();
          return;
        }
        if (got.error && asked) return setView({ status: "error", message: got.error });
        if (!got.progress && !asked) {
          if (!measure) return setView({ status: "none" });
          const started = await answer(
            await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}", signal }),
          );
          if ("failure" in started) {
            if (started.retryAfterS === undefined) return setView({ status: "error", message: started.failure });
            setView({ status: "waiting", message: started.failure });
            await pause(started.retryAfterS * 1000, signal);
            continue;
          }
          asked = true;
          if (started.measured) continue;
          if (started.progress) setView({ status: "measuring", ...started.progress });
        } else if (got.progress) {
          asked = true;
          setView({ status: "measuring", ...got.progress });
        }
        await pause(POLL_MS, signal);
      }
    };
    follow().catch((error: Error) => !signal.aborted && setView({ status: "error", message: error.message }));
    return () => abort.abort();
    // onMeasured is a notification, not an input: a new function each render must not restart the measurement.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pattern, measure]);
  return view;
}
