/** What every pattern benchmark shares: the question, the counts, and timing a run through the engine. */
import { executeRun } from "@/lib/patterns/engine";
import type { PatternId } from "@/lib/patterns/types";
import type { TraceEvent } from "@/lib/trace/events";

// Read-only on purpose: every run asks the same question without filling the schedule.
export const ASK = "What courts are free tomorrow at 4pm?";
export const RUNS = 20;
export const WARMUP = 3;

/** Mean ms of `run` over `runs` calls after WARMUP untimed ones; `run` gets the call's index. */
export async function msPerRun(run: (i: number) => Promise<unknown>, runs = RUNS): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await run(i);
  const started = performance.now();
  for (let i = 0; i < runs; i++) await run(WARMUP + i);
  return (performance.now() - started) / runs;
}

/** One pattern through the engine on the simulated model; `onEvent` sees the timed runs' events. */
export async function measureEngine(pattern: PatternId, onEvent: (e: TraceEvent) => void = () => {}, { simLatency = "off", runs = RUNS }: { simLatency?: "on" | "off"; runs?: number } = {}) {
  let firstEvent = 0;
  const ms = await msPerRun(async (i) => {
    const started = performance.now();
    let first = 0;
    const timed = i >= WARMUP;
    await executeRun({ pattern, message: ASK, userId: `bench-${pattern}-${i}`, origin: "http://127.0.0.1:1", signal: new AbortController().signal, options: { forceSim: true, simLatency } }, (e) => {
      first ||= performance.now() - started;
      if (timed) onEvent(e);
    });
    if (timed) firstEvent += first;
  }, runs);
  return { msPerRun: ms, firstEventMs: firstEvent / runs };
}
