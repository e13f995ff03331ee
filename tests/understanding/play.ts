import { book, listBookings } from "@/lib/domain/bookings";
import { createSandbox, removeSandbox } from "@/lib/domain/schedules";
import { executeRun } from "@/lib/patterns/engine";
import type { PatternId } from "@/lib/patterns/types";

/** What a message did: the member's bookings afterwards and the hours the reply names. */
export type Outcome = { booked: string[]; times: string[]; reply: string };

let members = 0;

/**
 * One message through a pattern on the simulated model, as the evaluation runner plays a case: a
 * member of its own in a sandbox seeded like the club's schedule (holding `setup` first), the
 * clock as the test file pins it. The sandbox goes once the outcome is read.
 */
export async function play(pattern: PatternId, message: string, setup: string[] = []): Promise<Outcome> {
  const userId = `understanding:${process.pid}:${++members}`;
  const sandbox = await createSandbox(userId, "eval");
  try {
    for (const slot of setup) await book(userId, slot, undefined, sandbox.id);
    const { reply } = await executeRun(
      {
        pattern,
        message,
        userId,
        scheduleId: sandbox.id,
        origin: "http://127.0.0.1:1",
        signal: new AbortController().signal,
        options: { forceSim: true, simLatency: "off" },
      },
      () => {},
    );
    const booked = (await listBookings(userId, sandbox.id)).map((b) => b.slot_id).sort();
    return { booked, times: [...new Set(reply.match(/\b\d{2}:\d{2}\b/g) ?? [])].sort(), reply };
  } finally {
    await removeSandbox(userId, sandbox.id);
  }
}
