import { AsyncLocalStorage } from "node:async_hooks";
import { DateTime } from "luxon";
import { env } from "@/lib/env";
import type { Clock } from "./clock-schema";

/**
 * The club clock: every "now", "today" and "15:00" in the app goes through here, so a server in
 * UTC and a browser elsewhere agree. PLAYGROUND_NOW pins the clock for demos and tests.
 *
 * A run may carry a clock of its own (an evaluation case's, a fork's parent's, a tape's): inside
 * `onClock` every call below answers with that clock instead of the server's. It is scoped with
 * AsyncLocalStorage rather than passed as an argument because "now" is read many calls deep (the
 * domain's past-hour, horizon and limit checks, the prompts' "today", the replies' "tomorrow", the
 * sandbox's seed) by every pattern's tools; passing it explicitly would thread one more argument
 * through all of them. Nothing mutates process.env, so runs on different clocks share a process.
 */
export const OPENING_HOUR = 7;
export const CLOSING_HOUR = 22; // last start 21:00
export const SLOT_MINUTES = 60;
export const HORIZON_DAYS = 14;

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A run's clock as it stands still through the run. */
type Pinned = { now: DateTime; timeZone: string };
const runClock = new AsyncLocalStorage<Pinned>();

let serverZone: string | undefined;

function at(now: string, zone: string): DateTime {
  // A time without an offset means wall-clock time at the club.
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/.test(now);
  return hasOffset ? DateTime.fromISO(now).setZone(zone) : DateTime.fromISO(now, { zone });
}

/** Runs `work` on `clock` (its "now" stands still throughout); without one, on the server's clock. */
export function onClock<T>(clock: Clock | undefined, work: () => T): T {
  if (!clock) return work();
  return runClock.run({ now: at(clock.now, clock.timeZone), timeZone: clock.timeZone }, work);
}

/** The clock in force, as a run records it (an instant with its offset) and a fork or replay carries it again. */
export function currentClock(): Clock {
  return { now: clubNow().toISO({ suppressMilliseconds: true })!, timeZone: clubTimezone() };
}

export function clubTimezone(): string {
  return runClock.getStore()?.timeZone ?? env().CLUB_TIMEZONE ?? (serverZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC");
}

/**
 * Whether the club writes dates day first (4/12 is 4 December): CLUB_LOCALE when set ("en-US"
 * writes month first), else the club's zone (the Americas write month first, the rest day first).
 */
export function clubDatesDayFirst(): boolean {
  const locale = env().CLUB_LOCALE;
  if (locale) return !/-(?:US|PH|CA)$/i.test(locale);
  return !clubTimezone().startsWith("America/");
}

export function clubNow(): DateTime {
  const own = runClock.getStore();
  if (own) return own.now;
  const zone = clubTimezone();
  const pinned = env().PLAYGROUND_NOW;
  return pinned ? at(pinned, zone) : DateTime.now().setZone(zone);
}

export function clubToday(): string {
  return clubNow().toISODate()!;
}

/** The club's day at `instant`; while PLAYGROUND_NOW pins the clock, the pinned day (the club's clock stands still). */
export function clubDayAt(instant: Date): string {
  return env().PLAYGROUND_NOW ? clubToday() : DateTime.fromJSDate(instant).setZone(clubTimezone()).toISODate()!;
}

export function isIsoDate(value: string): boolean {
  return DATE_RE.test(value) && DateTime.fromISO(value).isValid;
}

export function isClockTime(value: string): boolean {
  return TIME_RE.test(value);
}

/** "3:00", "15", "1500" → "15:00"; returns null when it is not a time of day. */
export function normalizeTime(value: string): string | null {
  const m = /^(\d{1,2})(?::?(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? "0");
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, "0")}:${String(min).padStart(2, "0")}`;
}

export function atClub(date: string, time: string): DateTime {
  return DateTime.fromISO(`${date}T${time}`, { zone: clubTimezone() });
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date).plus({ days }).toISODate()!;
}

/** "Friday 4 December" — how people say a date back. */
export function describeDate(date: string): string {
  const today = clubToday();
  if (date === today) return "today";
  if (date === addDays(today, 1)) return "tomorrow";
  return DateTime.fromISO(date).setLocale("en").toFormat("cccc d LLLL");
}
