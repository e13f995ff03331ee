import type { TraceEvent } from "@/lib/trace/events";

/**
 * A parent run and its fork side by side: their decisions, bookings and replies row by row, each
 * row marked where the two part ways, so the first divergence is easy to see.
 */
export type SideBySideRow = { label: string; parent: string; fork: string; diverged: boolean };

function decisions(events: TraceEvent[]): string[] {
  return events.flatMap((e) => (e.type === "decision" ? [`${e.by} @ ${e.node}: ${e.choice}`] : []));
}

function bookings(events: TraceEvent[]): string[] {
  return events.flatMap((e) => {
    if (e.type !== "tool.result" || e.tool !== "book_slot") return [];
    if (e.error) return [`refused: ${e.error.code}`];
    const booked = (e.result as { booked?: { slot_id?: string } } | undefined)?.booked;
    return [`booked ${booked?.slot_id ?? "?"}`];
  });
}

function reply(events: TraceEvent[]): string {
  const last = events.findLast((e) => e.type === "message");
  return last?.type === "message" ? last.text : "";
}

export function sideBySide(parent: TraceEvent[], fork: TraceEvent[]): SideBySideRow[] {
  const rows: SideBySideRow[] = [];
  const paired = (label: string, a: string[], b: string[]) => {
    for (let i = 0; i < Math.max(a.length, b.length, 1); i++)
      rows.push({ label: `${label} ${i + 1}`, parent: a[i] ?? "—", fork: b[i] ?? "—", diverged: (a[i] ?? "") !== (b[i] ?? "") });
  };
  paired("Decision", decisions(parent), decisions(fork));
  paired("Booking", bookings(parent), bookings(fork));
  rows.push({ label: "Reply", parent: reply(parent), fork: reply(fork), diverged: reply(parent) !== reply(fork) });
  return rows;
}

/** The edited output a fork sends: text, or tool calls written as JSON `[{name, args}]`; an error message when the JSON will not do. */
export function replacementOf(
  mode: "text" | "toolCalls",
  text: string,
): { replace: { text: string } | { toolCalls: { name: string; args: Record<string, unknown> }[] } } | { error: string } {
  if (mode === "text") return { replace: { text } };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { error: "The tool calls are not valid JSON." };
  }
  const calls = Array.isArray(parsed) ? parsed : [parsed];
  const ok =
    calls.length > 0 &&
    calls.every(
      (c) =>
        c &&
        typeof c === "object" &&
        typeof (c as { name?: unknown }).name === "string" &&
        typeof (c as { args?: unknown }).args === "object" &&
        (c as { args?: unknown }).args !== null,
    );
  return ok
    ? { replace: { toolCalls: calls as { name: string; args: Record<string, unknown> }[] } }
    : { error: 'Tool calls are a list like [{"name": "book_slot", "args": {"slot_id": "…"}}].' };
}
