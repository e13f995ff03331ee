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
