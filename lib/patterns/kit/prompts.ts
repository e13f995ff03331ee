import { CLOSING_HOUR, HORIZON_DAYS, OPENING_HOUR, clubNow, clubTimezone } from "@/lib/domain/clock";
import { COURTS } from "@/lib/domain/courts";

/** What every model needs to know about the club and today, in plain words. */
export function clubFacts(): string {
  const now = clubNow();
  const courts = COURTS.map((c) => `${c.name} (${c.surface}, ${c.indoor ? "indoor" : "outdoor"})`).join(", ");
  return [
    `Today is ${now.setLocale("en").toFormat("cccc d LLLL yyyy")} (${now.toISODate()}), the time is ${now.toFormat("HH:mm")} (${clubTimezone()}).`,
    `Courts: ${courts}. Slots are 60 minutes, starting on the hour from ${OPENING_HOUR}:00 to ${CLOSING_HOUR - 1}:00, bookable up to ${HORIZON_DAYS} days ahead.`,
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
    "When a tool returns an error, explain it plainly and offer alternatives. Keep answers short and friendly. Never show slot or booking ids to the member.",
  ].join("\n");
}

/** The extraction prompt of A, B and C's parse step. */
export function extractionPrompt(): string {
  return [
    "You extract tennis court booking requests into JSON for a booking system.",
    clubFacts(),
    "Return JSON with keys intent, date, time, court, slot_id, preferences.",
    'intent: "book" | "check" | "mine" (the member asks which bookings they hold) | "cancel" (the member wants one of theirs cancelled; date, time and court then describe that booking) | "other"; date: YYYY-MM-DD or null; time: HH:MM (24h) or null; court: "A" | "B" | "C" | "D" or null; slot_id: string or null; preferences: array of "indoor" | "outdoor" | "clay" | "hard" | "earliest" | "latest".',
    "Use earlier turns of the conversation to fill fields the latest message leaves out.",
  ].join("\n");
}
