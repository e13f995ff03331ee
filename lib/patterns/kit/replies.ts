import { DateTime } from "luxon";
import { describeDate } from "@/lib/domain/clock";
import type { Booking } from "@/lib/domain/bookings";
import type { Slot } from "@/lib/domain/slots";

/** Replies written by code (patterns where the LLM does not speak to the member). */
export function listOptions(date: string, slots: Slot[], time?: string | null): string {
  if (slots.length === 0) return `Nothing is free ${describeDate(date)}${time ? ` at ${time}` : ""}.`;
  if (time) return `${joinWords(slots.map((s) => s.court))} ${slots.length === 1 ? "is" : "are"} free ${describeDate(date)} at ${time}.`;
  const byTime = new Map<string, string[]>();
  for (const s of slots) byTime.set(s.time, [...(byTime.get(s.time) ?? []), s.court.replace("Court ", "")]);
  const lines = [...byTime].slice(0, 8).map(([t, courts]) => `${t} (${courts.join(", ")})`);
  return `Free ${describeDate(date)}: ${lines.join(", ")}${byTime.size > 8 ? ", and later" : ""}.`;
}

export function confirmBooking(b: Booking): string {
  return `Booked: ${b.court}, ${describeDate(b.date)} (${b.date}) at ${b.time}. Booking id ${b.booking_id}.`;
}

export function joinWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/** A booking as a member reads it, without ids: "tomorrow (Wed 2 Dec) at 19:00 on Court C". */
export function describeBooking(b: Pick<Booking, "court" | "date" | "time">): string {
  const day = DateTime.fromISO(b.date).setLocale("en").toFormat("ccc d LLL");
  const relative = describeDate(b.date);
  return `${relative === "today" || relative === "tomorrow" ? `${relative} (${day})` : day} at ${b.time} on ${b.court}`;
}
