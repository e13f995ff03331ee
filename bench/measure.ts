/** What every pattern benchmark shares: the question, the counts, and timing a run through /api/chat. */
import * as chat from "@/app/api/chat/route";
import { SESSION_COOKIE } from "@/lib/http/session";
import { sign } from "@/lib/signing";
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

/**
 * One pattern through POST /api/chat's handler, in process, on the simulated model: the SSE
 * stream read to its end, the first event timed from the request; `onEvent` sees the timed runs' events.
 */
export async function measureEngine(
  pattern: PatternId,
  onEvent: (e: TraceEvent) => void = () => {},
  { simLatency = "off", runs = RUNS }: { simLatency?: "on" | "off"; runs?: number } = {},
) {
  let firstEvent = 0;
  const ms = await msPerRun(async (i) => {
    const started = performance.now();
    const timed = i >= WARMUP;
    const body = JSON.stringify({ pattern, message: ASK, options: { forceSim: true, simLatency } });
    const res = await chat.POST(
      new Request("http://127.0.0.1:1/api/chat", {
        method: "POST",
        body,
        headers: { "content-type": "application/json", cookie: `${SESSION_COOKIE}=${sign(`bench-${pattern}-${i}`)}` },
      }),
      { params: Promise.resolve({}) } as never,
    );
    const decoder = new TextDecoder();
    let buffered = "";
    let first = 0;
    const reader = res.body!.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const chunk = read.value;
      first ||= performance.now() - started;
      buffered += decoder.decode(chunk, { stream: true });
      const blocks = buffered.split("\n\n");
      buffered = blocks.pop()!;
      if (timed) for (const block of blocks) onEvent(JSON.parse(block.slice("data: ".length)));
    }
    if (timed) firstEvent += first;
  }, runs);
  return { msPerRun: ms, firstEventMs: firstEvent / runs };
}
