import { db } from "@/lib/db/client";
import { clearModelScript, setModelScript } from "@/lib/sim/script";
import type { TraceEvent } from "@/lib/trace/events";

/** Events as a replay must reproduce them: ids, clocks and latencies aside. */
export function normalized(events: TraceEvent[]): unknown[] {
  const ids = /\b(?:run|ses)_[0-9a-f-]{36}\b/g;
  return events.map((e) => {
    const { runId: _runId, t: _t, ...rest } = e;
    const copy = JSON.parse(JSON.stringify(rest).replace(ids, "<id>")) as Record<string, unknown>;
    delete copy.ms;
    delete copy.sessionId;
    // A hop's span id is fresh on every call, as W3C trace context wants.
    delete copy.traceparent;
    // A replay runs on the same clock, which it names as its parent's.
    if (e.type === "run.start" && e.clock) copy.clock = { ...e.clock, source: "<source>" };
    if (e.type === "run.end") copy.metrics = { ...(copy.metrics as object), ms: 0 };
    return copy;
  });
}

/**
 * Counts the model calls of one run that reach the in-process simulated vendor (the run's own and
 * its services'): the simulated vendor consults a run's script on every call it answers.
 */
export function simCallCounter() {
  let count = 0;
  let runId: string | undefined;
  return {
    watch(id: string) {
      runId = id;
      setModelScript(id, {
        next: () => {
          count++;
          return { brain: true };
        },
      });
    },
    stop() {
      if (runId) clearModelScript(runId);
    },
    /** For a test that registers the run's script itself. */
    count: () => void count++,
    calls: () => count,
  };
}

/** Every booking of every schedule, to see that nothing changed. */
export async function allBookings() {
  return (await db()).booking.findMany({
    select: { scheduleId: true, courtId: true, date: true, time: true, userId: true },
    orderBy: [{ scheduleId: "asc" }, { date: "asc" }, { time: "asc" }, { courtId: "asc" }],
  });
}
