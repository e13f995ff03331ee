import type { Decider, Metrics, TraceEvent } from "@/lib/trace/events";
import type { ChatItem } from "./run-state";

/** A booking that landed in a run, from its book_slot results. */
export type Landed = { slot_id: string; court: string; date: string; time: string };

export function bookingsOf(timeline: TraceEvent[]): Landed[] {
  return timeline.flatMap((e) => {
    if (e.type !== "tool.result" || e.tool !== "book_slot" || e.error) return [];
    const booked = (e.result as { booked?: Partial<Landed> } | undefined)?.booked;
    return booked?.slot_id && booked.court && booked.date && booked.time ? [booked as Landed] : [];
  });
}

/** "Court B, Wed 2 Dec at 15:00": a booking as a person says it. */
export function bookingInWords(b: Landed): string {
  const day = new Date(`${b.date}T12:00:00Z`).toLocaleDateString("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  });
  return `${b.court}, ${day} at ${b.time}`;
}

/** The assistant's reply to the latest user message of a conversation. */
export function latestReply(items: ChatItem[]): string {
  const lastUser = items.findLastIndex((i) => i.kind === "message" && i.role === "user");
  const reply = items.slice(lastUser + 1).findLast((i) => i.kind === "message" && i.role === "assistant");
  return reply?.kind === "message" ? reply.text : "";
}

const word = (w: string) => w.toLowerCase().replace(/[^\p{L}\p{N}:]/gu, "");

/**
 * Splits each reply into words and marks those that the reference reply (the most common one, else
 * the first) does not contain, so what differs between patterns stands out at a glance.
 */
export function markDifferences(replies: string[]): { text: string; differs: boolean }[][] {
  const filled = replies.filter(Boolean);
  const counts = new Map<string, number>();
  for (const r of filled) counts.set(r, (counts.get(r) ?? 0) + 1);
  const reference = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "";
  const known = new Set(reference.split(/\s+/).map(word));
  return replies.map((reply) =>
    reply
      .split(/(\s+)/)
      .map((text) => ({ text, differs: filled.length > 1 && reply !== reference && text.trim() !== "" && !known.has(word(text)) })),
  );
}

export type Figure = "ms" | "tokens" | "costUsd" | "llmCalls";

export const FIGURES: { key: Figure; label: string; format: (v: number) => string }[] = [
  { key: "ms", label: "Time", format: (v) => `${(v / 1000).toFixed(2)} s` },
  { key: "tokens", label: "Tokens", format: (v) => `${v}` },
  { key: "costUsd", label: "Cost", format: (v) => `$${v.toFixed(4)}` },
  { key: "llmCalls", label: "LLM calls", format: (v) => `${v}` },
];

export function figure(m: Metrics, key: Figure): number {
  return key === "tokens" ? m.inputTokens + m.outputTokens : m[key];
}

/** Who decided, as one letter a room can read: C your code, L the LLM, A AWS. */
export const DECIDER_LETTER: Record<Decider, string> = { code: "C", llm: "L", aws: "A" };

/** One finished lane of a comparison, as the projector's summary and its one-line reading need it. */
type Outcome = { pattern: string; ok: boolean; booked: boolean; ms: number; costUsd: number; autonomy: number | null };

/**
 * What a comparison shows, in one line: the fastest, the cheapest, the most autonomous, and the
 * patterns that answered without booking (they asked for what was missing instead). Ties name every
 * pattern that shares the figure; failed runs take no prize.
 */
export function compareReading(outcomes: Outcome[]): string {
  const ok = outcomes.filter((o) => o.ok);
  if (ok.length === 0) return "";
  const best = (value: (o: Outcome) => number, pick: (a: number, b: number) => number) => {
    const top = ok.map(value).reduce((a, b) => pick(a, b));
    return ok.filter((o) => value(o) === top).map((o) => o.pattern);
  };
  const fastest = best((o) => o.ms, Math.min);
  const cheapest = best((o) => o.costUsd, Math.min);
  const autonomous = best((o) => o.autonomy ?? 0, Math.max);
  const asked = ok.filter((o) => !o.booked).map((o) => o.pattern);
  const of = (ids: string[]) => ok.find((o) => o.pattern === ids[0])!;
  const format = (key: Figure, v: number) => FIGURES.find((f) => f.key === key)!.format(v);
  return [
    `Fastest ${fastest.join(", ")} (${format("ms", of(fastest).ms)})`,
    `cheapest ${cheapest.join(", ")} (${format("costUsd", of(cheapest).costUsd)})`,
    `most autonomous ${autonomous.join(", ")} (${Math.round((of(autonomous).autonomy ?? 0) * 100)}% of decisions by a model or AWS)`,
    asked.length > 0 ? `asked instead of booking: ${asked.join(", ")}` : "every pattern booked",
  ].join(" · ");
}
