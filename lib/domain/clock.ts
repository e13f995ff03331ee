import { DateTime } from "luxon";
import { env } from "@/lib/env";

/**
 * The club clock: every "now", "today" and "15:00" in the app goes through here, so a server in
 * UTC and a browser elsewhere agree. PLAYGROUND_NOW pins the clock for demos and tests.
 */
export const OPENING_HOUR = 7;
export const CLOSING_HOUR = 22; // last start 21:00
export const SLOT_MINUTES = 60;
export const HORIZON_DAYS = 14;

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

let serverZone: string | undefined;

export function clubTimezone(): string {
  return env().CLUB_TIMEZONE ?? (serverZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC");
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
  const zone = clubTimezone();
  const pinned = env().PLAYGROUND_NOW;
  if (!pinned) return DateTime.now().setZone(zone);
  // A pinned time without an offset means wall-clock time at the club.
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/.test(pinned);
  return hasOffset ? DateTime.fromISO(pinned).setZone(zone) : DateTime.fromISO(pinned, { zone });
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
