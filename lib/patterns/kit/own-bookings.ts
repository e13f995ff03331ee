import type { Booking } from "@/lib/domain/bookings";
import { describeBooking, joinWords } from "./replies";

/**
 * The member's own bookings in the code-driven patterns (A, B, C): code, not a model, resolves
 * "the one on Friday" against the list my_bookings returned, and asks when more than one fits.
 */
export type BookingHint = { date: string | null; time: string | null; court: string | null; booking_id?: string | null };

/** The bookings that fit every detail the member gave (a booking id, a day, an hour, a court letter). */
export function bookingsMatching(bookings: Booking[], hint: BookingHint): Booking[] {
  return bookings.filter(
    (b) =>
      (!hint.booking_id || b.booking_id === hint.booking_id) &&
      (!hint.date || b.date === hint.date) &&
      (!hint.time || b.time === hint.time) &&
      (!hint.court || b.court === `Court ${hint.court}`),
  );
}

export function listReply(bookings: Booking[], hint: BookingHint): string {
  const shown = bookingsMatching(bookings, hint);
  if (bookings.length === 0) return "You have no upcoming bookings.";
  if (shown.length === 0) return `You have no booking that fits that. Your bookings: ${joinWords(bookings.map(describeBooking))}.`;
  return shown.length === 1
    ? `You have one booking: ${describeBooking(shown[0])}.`
    : `You have ${shown.length} bookings: ${joinWords(shown.map(describeBooking))}.`;
}

export function noneToCancelReply(bookings: Booking[]): string {
  return bookings.length === 0
    ? "You have no upcoming bookings, so there is nothing to cancel."
    : `You have no booking that fits that, so nothing was cancelled. Your bookings: ${joinWords(bookings.map(describeBooking))}.`;
}

export function whichOneQuestion(candidates: Booking[]): string {
  const described = candidates.map(describeBooking);
  return `Which one should I cancel: ${described.slice(0, -1).join(", ")} or ${described.at(-1)}?`;
}

export function cancelledReply(b: Booking): string {
  return `Cancelled: ${describeBooking(b)}.`;
}
