import type { TraceEvent } from "@/lib/trace/events";

/** "Wed 2 Dec" for a club date (YYYY-MM-DD), the same in every browser time zone. */
export function dayLabel(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
}

/** Books a slot or cancels a booking through the REST API (on the demo sandbox when `demo`); the error message when it is refused. */
export async function changeBooking(change: { book: string } | { cancel: string }, demo = false): Promise<string | null> {
  const res =
    "book" in change
      ? await fetch("/api/bookings", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ slot_id: change.book, ...(demo ? { demo: true } : {}) }),
        })
      : await fetch(`/api/bookings/${encodeURIComponent(change.cancel)}${demo ? "?demo=1" : ""}`, {
          method: "DELETE",
          headers: { "content-type": "application/json" },
        });
  if (res.ok) return null;
  const body = await res.json().catch(() => null);
  return body?.error?.message ?? `The server answered ${res.status}.`;
}

/** What a courts cell shows before a change made later in a replayed run: a slot it booked was free, one it cancelled was the member's. */
export type RevertedState = "free" | "yours";

/**
 * The cells a replayed run changed after its current step, each with the state it had before the
 * first of those changes (a refused call has no result, so it changed nothing): laid over today's
 * schedule, the courts read as they were at that step.
 */
export function changedLater(laterEvents: TraceEvent[]): Record<string, RevertedState> {
  const before: Record<string, RevertedState> = {};
  for (const e of [...laterEvents].reverse()) {
    if (e.type !== "tool.result") continue;
    const result = e.result as { booked?: { slot_id?: unknown }; cancelled?: { slot_id?: unknown } } | undefined;
    if (e.tool === "book_slot" && typeof result?.booked?.slot_id === "string") before[result.booked.slot_id] = "free";
    if (e.tool === "cancel_booking" && typeof result?.cancelled?.slot_id === "string") before[result.cancelled.slot_id] = "yours";
  }
  return before;
}
