import {
  CLOSING_HOUR,
  HORIZON_DAYS,
  OPENING_HOUR,
  addDays,
  clubDatesDayFirst,
  clubNow,
  clubTimezone,
  describeDate,
} from "@/lib/domain/clock";
import { MAX_PER_DAY, MAX_UPCOMING } from "@/lib/domain/bookings";
import { COURTS } from "@/lib/domain/courts";

const hour = (h: number) => `${String(h).padStart(2, "0")}:00`;

/**
 * What every model needs to know about the club and today, in plain words. This is the only way a
 * model learns the date, the courts, the hours and the limits: nothing else tells it.
 */
export function clubFacts(): string {
  const now = clubNow();
  const courts = COURTS.map((c) => `${c.name} (${c.surface}, ${c.indoor ? "indoor" : "outdoor"})`).join(", ");
  const today = now.toISODate()!;
  return [
    `Today is ${now.setLocale("en").toFormat("cccc d LLLL yyyy")} (${today}), the time is ${now.toFormat("HH:mm")} (${clubTimezone()}).`,
    clubDatesDayFirst()
      ? "Dates written in numbers are day first: 4/12 is 4 December."
      : "Dates written in numbers are month first: 12/4 is 4 December.",
    `Courts: ${courts}.`,
    `Slots are 60 minutes and start on the hour, the first at ${hour(OPENING_HOUR)} and the last at ${hour(CLOSING_HOUR - 1)} (the club closes at ${hour(CLOSING_HOUR)}). Members can book up to ${HORIZON_DAYS} days ahead (until ${describeDate(addDays(today, HORIZON_DAYS))}).`,
    `A member may hold at most ${MAX_PER_DAY} bookings a day and ${MAX_UPCOMING} upcoming bookings in all.`,
  ].join("\n");
}

/** Instructions for the patterns where a model drives the tools (D, E and the agents of F, G). */
export function assistantInstructions(): string {
  return [
    "You are the booking assistant of a tennis club.",
    clubFacts(),
    "Always call check_availability before booking. Book only when the member asked to book, and only one slot per request, using a slot_id exactly as check_availability returned it.",
    "If the member only asks what is free, list the options and do not book. If a date or time is missing, ask for it.",
    "my_bookings lists the member's own bookings; to cancel one, find its booking_id there and call cancel_booking, only when the member asked to cancel.",
    "When a tool returns an error, explain it plainly and offer alternatives. Keep answers short and friendly.",
    'Talk to the member in plain words: days and times ("tomorrow (Wed 2 Dec) at 19:00 on Court C"), never slot ids, booking ids or ISO dates.',
  ].join("\n");
}
