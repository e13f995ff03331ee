import { cancel, listBookings } from "@/lib/domain/bookings";
import type { Metrics, TraceEvent } from "@/lib/trace/events";
import { executeRun, type RunRequest } from "./engine";
import type { PatternId } from "./types";

export type ComparedRun = {
  pattern: PatternId;
  run_id: string;
  status: "ok" | "error" | "aborted";
  reply: string;
  metrics: Metrics | null;
  /** Slots the pattern booked in its sandbox (released again afterwards). */
  booked: string[];
};

/**
 * The compare view's sandbox: one message through one pattern as a stand-in member with a fresh
 * session, and whatever it booked released afterwards. So every pattern compared meets the same
 * schedule, and the member's own bookings and limits stay untouched. Compare patterns one after
 * another: two sandboxes running at once would compete for the same courts.
 */
export async function compareOne(req: Omit<RunRequest, "sessionId">): Promise<ComparedRun> {
  const standIn = `${req.userId}~compare`;
  await release(standIn);
  let end: TraceEvent | undefined;
  const outcome = await executeRun({ ...req, userId: standIn }, (e) => {
    if (e.type === "run.end") end = e;
  });
  const booked = await release(standIn);
  return {
    pattern: req.pattern,
    run_id: outcome.runId,
    status: outcome.status,
    reply: outcome.reply,
    metrics: end?.type === "run.end" ? end.metrics : null,
    booked: booked.map((b) => b.slot_id),
  };
}

async function release(userId: string) {
  const held = await listBookings(userId);
  for (const booking of held) await cancel(userId, booking.booking_id);
  return held;
}
