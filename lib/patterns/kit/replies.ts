import { DateTime } from "luxon";
import { addDays, clubToday, describeDate } from "@/lib/domain/clock";
import type { Booking } from "@/lib/domain/bookings";
import type { Slot } from "@/lib/domain/slots";

/**
 * Replies written by code (patterns where the LLM does not speak to the member). A member reads
 * days and times — "tomorrow (Wed 2 Dec) at 19:00 on Court C" — never slot ids, booking ids or ISO dates.
 */
export function listOptions(date: string, slots: Slot[], time?: string | null): string {
  if (slots.length === 0) return `Nothing is free ${onDay(date)}${time ? ` at ${time}` : ""}.`;
  if (time) return `${joinWords(slots.map((s) => s.court))} ${slots.length === 1 ? "is" : "are"} free ${onDay(date)} at ${time}.`;
  const byTime = new Map<string, string[]>();
  for (const s of slots) byTime.set(s.time, [...(byTime.get(s.time) ?? []), s.court.replace("Court ", "")]);
  const lines = [...byTime].slice(0, 8).map(([t, courts]) => `${t} (${courts.join(", ")})`);
  return `Free ${onDay(date)}: ${lines.join(", ")}${byTime.size > 8 ? ", and later" : ""}.`;
}

export function confirmBooking(b: Booking): string {
  return `Booked: ${b.court}, ${onDay(b.date)} at ${b.time}.`;
}

/** A refusal from the club's rules, in the member's words: dates said as days, slot ids as courts and hours. */
export function refusal(error: { message: string }): string {
  return error.message
    .replace(
      /\b(\d{4}-\d{2}-\d{2})_Court([A-Z])_(\d{2})(\d{2})\b/g,
      (_, date: string, court: string, h: string, m: string) => `Court ${court} ${onDay(date)} at ${h}:${m}`,
    )
    .replace(/\b(on )?(\d{4}-\d{2}-\d{2})\b/g, (_, on: string | undefined, date: string) => (on ? onDay(date) : describeDay(date)))
    .replace(/\(expected YYYY-MM-DD\)/g, "");
}

/** "tomorrow (Wed 2 Dec)", "on Friday 4 December". */
function onDay(date: string): string {
  const said = describeDay(date);
  return said.startsWith("tomorrow") || said.startsWith("today") ? said : `on ${said}`;
}

/** "tomorrow (Wed 2 Dec)", "Friday 4 December": a day where "on" is already said. */
function describeDay(date: string): string {
  const said = describeDate(date);
  const short = DateTime.fromISO(date).setLocale("en").toFormat("ccc d LLL");
  return date === clubToday() || date === addDays(clubToday(), 1) ? `${said} (${short})` : said;
}

export function joinWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/** A booking as a member reads it, without ids: "tomorrow (Wed 2 Dec) at 19:00 on Court C", "Friday 4 December at 10:00 on Court C". */
export function describeBooking(b: Pick<Booking, "court" | "date" | "time">): string {
  const day = DateTime.fromISO(b.date).setLocale("en").toFormat("ccc d LLL");
  const relative = describeDate(b.date);
  const long = DateTime.fromISO(b.date).setLocale("en").toFormat("cccc d LLLL");
  return `${relative === "today" || relative === "tomorrow" ? `${relative} (${day})` : long} at ${b.time} on ${b.court}`;
}
