import { listBookings, type Booking } from "@/lib/domain/bookings";
import { createSandbox, openSandbox } from "@/lib/domain/schedules";
import type { Metrics, TraceEvent } from "@/lib/trace/events";
import { executeRun, type RunOutcome, type RunRequest } from "./engine";
import type { PatternId } from "./types";

export type ComparedRun = {
  pattern: PatternId;
  run_id: string;
  session_id: string;
  /** The pattern's own sandbox: send it back with session_id to continue this pattern's conversation. */
  sandbox_id: string;
  status: RunOutcome["status"];
  reply: string;
  metrics: Metrics | null;
  /** Slots the member holds in the pattern's sandbox after this turn. */
  booked: string[];
  /** The same bookings, as a person would say them ("Court B on 2026-12-02 at 15:00"). */
  bookings: Booking[];
};

export type CompareRequest = Omit<RunRequest, "scheduleId"> & { sandboxId?: string };

/**
 * One message through one pattern of a comparison, in a sandbox of its own: a fresh one seeded like
 * the club's schedule, or (for a follow-up) the one this pattern's conversation already books in.
 * The member is the real one; limits count per schedule, so their own bookings stay untouched, and
 * patterns compared side by side run at the same time without meeting each other's bookings.
 */
export async function compareOne(req: CompareRequest, onEvent: (event: TraceEvent) => void = () => undefined): Promise<ComparedRun> {
  const sandbox = req.sandboxId ? await openSandbox(req.userId, req.sandboxId, "compare") : await createSandbox(req.userId, "compare");
  let end: TraceEvent | undefined;
  const outcome = await executeRun({ ...req, scheduleId: sandbox.id }, (e) => {
    if (e.type === "run.end") end = e;
    onEvent(e);
  });
  const bookings = await listBookings(req.userId, sandbox.id);
  return {
    pattern: req.pattern,
    run_id: outcome.runId,
    session_id: outcome.sessionId,
    sandbox_id: sandbox.id,
    status: outcome.status,
    reply: outcome.reply,
    metrics: end?.type === "run.end" ? end.metrics : null,
    booked: bookings.map((b) => b.slot_id),
    bookings,
  };
}

/** Every pattern at once, each in its own sandbox (what the compare view does from the browser). */
export function compareAll(
  patterns: PatternId[],
  req: Omit<CompareRequest, "pattern" | "sandboxId" | "sessionId">,
): Promise<ComparedRun[]> {
  return Promise.all(patterns.map((pattern) => compareOne({ ...req, pattern })));
}
