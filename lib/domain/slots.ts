import { z } from "zod";
import { AppError } from "@/lib/errors";
import {
  CLOSING_HOUR,
  HORIZON_DAYS,
  OPENING_HOUR,
  SLOT_MINUTES,
  addDays,
  atClub,
  clubNow,
  clubToday,
  isClockTime,
  isIsoDate,
} from "./clock";
import { COURTS, courtById, type Court } from "./courts";

/** A bookable hour on one court, as the tools and the API return it (and services parse it). */
export const Slot = z.object({
  slot_id: z.string(),
  court: z.string(),
  date: z.string(),
  time: z.string(),
  duration_minutes: z.number(),
  surface: z.string(),
  indoor: z.boolean(),
});
export type Slot = z.infer<typeof Slot>;

export type SlotKey = { court: Court; date: string; time: string };

const SLOT_ID_RE = /^(\d{4}-\d{2}-\d{2})_Court([A-Z])_(\d{2})(\d{2})$/;

export function slotId(courtId: string, date: string, time: string): string {
  return `${date}_Court${courtId}_${time.replace(":", "")}`;
}

function toSlot(court: Court, date: string, time: string): Slot {
  return {
    slot_id: slotId(court.id, date, time),
    court: court.name,
    date,
    time,
    duration_minutes: SLOT_MINUTES,
    surface: court.surface,
    indoor: court.indoor,
  };
}

/** Parses a slot id and checks it names a real, bookable hour; throws the domain error otherwise. */
export function parseSlotId(id: string): SlotKey {
  const m = SLOT_ID_RE.exec(id.trim());
  const court = m ? courtById(m[2]) : undefined;
  if (!m || !court || !isIsoDate(m[1])) {
    throw new AppError("slot_not_found", `No slot has the id "${id}". Slot ids look like 2026-12-04_CourtA_1500.`);
  }
  const date = m[1];
  const time = `${m[3]}:${m[4]}`;
  assertBookableHour(date, time);
  return { court, date, time };
}

export function assertValidDate(date: string): void {
  if (!isIsoDate(date)) throw new AppError("invalid_date", `"${date}" is not a date (expected YYYY-MM-DD).`);
}

/** The rules every booking and availability question obeys, in the order people expect to hear them. */
export function assertBookableHour(date: string, time: string): void {
  assertValidDate(date);
  if (!isClockTime(time)) throw new AppError("invalid_time", `"${time}" is not a time (expected HH:MM).`);
  const hour = Number(time.slice(0, 2));
  if (time.slice(3) !== "00" || hour < OPENING_HOUR || hour >= CLOSING_HOUR) {
    throw new AppError(
      "outside_hours",
      `Courts are booked by the hour from ${pad(OPENING_HOUR)}:00 to ${pad(CLOSING_HOUR)}:00 (last start ${pad(CLOSING_HOUR - 1)}:00); ${time} is not a start time.`,
    );
  }
  if (atClub(date, time) <= clubNow()) {
    throw new AppError("slot_in_past", `The hour you asked for, ${date} at ${time}, is in the past (or already under way).`);
  }
  if (date > addDays(clubToday(), HORIZON_DAYS)) {
    throw new AppError(
      "beyond_horizon",
      `Courts can be booked at most ${HORIZON_DAYS} days ahead (until ${addDays(clubToday(), HORIZON_DAYS)}).`,
    );
  }
}

/** Every slot of a day (optionally one hour), sorted by time then court; hours already started are left out unless asked for. */
export function slotsOfDay(date: string, time?: string, opts: { includePast?: boolean } = {}): Slot[] {
  const now = clubNow();
  const slots: Slot[] = [];
  for (let h = OPENING_HOUR; h < CLOSING_HOUR; h++) {
    const t = `${pad(h)}:00`;
    if (time && t !== time) continue;
    if (!opts.includePast && atClub(date, t) <= now) continue;
    for (const court of COURTS) slots.push(toSlot(court, date, t));
  }
  return slots;
}

/** Every slot of one club day: each court, each opening hour. */
const SLOTS_PER_DAY = COURTS.length * (CLOSING_HOUR - OPENING_HOUR);
/** The most bookings a schedule can hold from one day on: every slot of that day and of every day it can be booked ahead. */
export const MAX_SCHEDULE_BOOKINGS = SLOTS_PER_DAY * (HORIZON_DAYS + 1);

/** Why no booking can be at this court, date and time (a court the club has not, a day that is none, an hour it does not let); undefined when one can. */
export function impossibleSlot(courtId: string, date: string, time: string): string | undefined {
  if (!COURTS.some((c) => c.id === courtId))
    return `the club has no court "${courtId}" (its courts are ${COURTS.map((c) => c.id).join(", ")})`;
  if (!isIsoDate(date)) return `"${date}" is not a date`;
  const hour = Number(time.slice(0, 2));
  if (!isClockTime(time) || time.slice(3) !== "00" || hour < OPENING_HOUR || hour >= CLOSING_HOUR)
    return `${time} is not a start time (courts are booked by the hour from ${pad(OPENING_HOUR)}:00, last start ${pad(CLOSING_HOUR - 1)}:00)`;
  return undefined;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
