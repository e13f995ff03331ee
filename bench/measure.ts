/** What every pattern benchmark shares: the question, the counts, and timing a run through the engine. */
import { executeRun } from "@/lib/patterns/engine";
import type { PatternId } from "@/lib/patterns/types";
import type { TraceEvent } from "@/lib/trace/events";

// Read-only on purpose: every run asks the same question without filling the schedule.
export const ASK = "What courts are free tomorrow at 4pm?";
export const RUNS = 20;
export const WARMUP = 3;

/** Mean ms of `run` over RUNS calls after WARMUP untimed ones; `run` gets the call's index. */
export async function msPerRun(run: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await run(i);
  const started = performance.now();
  for (let i = 0; i < RUNS; i++) await run(WARMUP + i);
  return (performance.now() - started) / RUNS;
}

/** One pattern through the engine on the simulated model, latency off; `onEvent` sees the timed runs' events. */
export async function measureEngine(pattern: PatternId, onEvent: (e: TraceEvent) => void = () => {}) {
  let firstEvent = 0;
  const ms = await msPerRun(async (i) => {
    const started = performance.now();
    let first = 0;
    const timed = i >= WARMUP;
    await executeRun({ pattern, message: ASK, userId: `bench-${pattern}-${i}`, origin: "http://127.0.0.1:1", signal: new AbortController().signal, options: { forceSim: true, simLatency: "off" } }, (e) => {
      first ||= performance.now() - started;
      if (timed) onEvent(e);
    });
    if (timed) firstEvent += first;
  });
  return { msPerRun: ms, firstEventMs: firstEvent / RUNS };
}
