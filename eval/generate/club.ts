import { DateTime } from "luxon";
import { SEED_BOOKINGS } from "@/lib/db/seed";
import { CLOSING_HOUR, HORIZON_DAYS, OPENING_HOUR } from "@/lib/domain/clock";
import { COURTS } from "@/lib/domain/courts";
import { slotId } from "@/lib/domain/slots";
import { corpusClock } from "@/lib/eval/cases";

/**
 * What the generator knows of the club, on one clock: the tuned corpus's (a Tuesday, 10:30 in
 * Amsterdam) and the seeded schedule laid relative to its today, which is what every evaluation
 * sandbox holds before a case starts. Only a slot that is free and allowed here is ever expected
 * to be booked.
 */
const clock = corpusClock();
const NOW = DateTime.fromISO(clock.now, { zone: clock.timeZone });

export const COURT_IDS: readonly string[] = COURTS.map((c) => c.id);
const FIRST_HOUR = OPENING_HOUR;
/** The last hour a slot may start. */
const LAST_HOUR = CLOSING_HOUR - 1;
export const HORIZON = HORIZON_DAYS;

/** The dates from today on, worked out once: time-zone arithmetic per slot would cost the generator seconds. */
const DAYS = Array.from({ length: 40 }, (_, days) => NOW.startOf("day").plus({ days }));
const DAY_INDEX = new Map(DAYS.map((d, i) => [d.toISODate()!, i]));
const NOW_MINUTES = NOW.hour * 60 + NOW.minute;

/** The date `days` after the clock's today (0 is today). */
export function dayAhead(days: number): string {
  return DAYS[days].toISODate()!;
}

export function dateOf(date: string): DateTime {
  return DAYS[daysAhead(date)];
}

/** Days from today to `date` (within the generator's forty days). */
export function daysAhead(date: string): number {
  const days = DAY_INDEX.get(date);
  if (days === undefined) throw new Error(`${date} is outside the generator's days`);
  return days;
}

const taken = new Set(SEED_BOOKINGS.map(([days, court, time]) => slotId(court, dayAhead(days), time)));

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

export function hh(hour: number): string {
  return `${String(hour).padStart(2, "0")}:00`;
}

export function slotOf(court: string, date: string, hour: number): string {
  return slotId(court, date, hh(hour));
}

/** A start the club allows: on the hour within opening hours, not begun yet, within the horizon. */
export function bookable(date: string, hour: number): boolean {
  const days = daysAhead(date);
  if (hour < FIRST_HOUR || hour > LAST_HOUR || days < 0 || days > HORIZON) return false;
  return days > 0 || hour * 60 > NOW_MINUTES;
}

export function isTaken(court: string, date: string, hour: number): boolean {
  return taken.has(slotOf(court, date, hour));
}

export function isFree(court: string, date: string, hour: number): boolean {
  return bookable(date, hour) && !isTaken(court, date, hour);
}

export function freeCourts(date: string, hour: number): string[] {
  return COURT_IDS.filter((court) => isFree(court, date, hour));
}

/** The weekday of a date, lowercase ("friday"). */
export function weekdayOf(date: string): string {
  return WEEKDAYS[dateOf(date).weekday - 1];
}

/**
 * The judge's anchored regex for "one of these slots": `date_Court[BC]_1500` when they differ only
 * by court, otherwise the slot ids as alternatives, so it matches nothing that is not free.
 */
export function slotPattern(slots: readonly string[]): string {
  const [first] = slots;
  const courts = slots.map((s) => s.slice(16, 17));
  if (slots.every((s) => s.slice(0, 10) === first.slice(0, 10) && s.slice(-4) === first.slice(-4)))
    return courts.length === 1 ? first : `${first.slice(0, 16)}[${courts.join("")}]${first.slice(17)}`;
  return `(${slots.join("|")})`;
}
