import { z } from "zod";
import { Booking } from "@/lib/domain/bookings";
import { Slot } from "@/lib/domain/slots";
import { ErrorBody, type ServiceContract } from "@/lib/services/contract";
import { Extraction } from "../kit/extract";

/**
 * The wire contracts of C's three services: what the orchestrator sends each one and what it gets
 * back. The orchestrator (./orchestrator.ts) and each service (./parse.ts, ./availability.ts,
 * ./booking.ts) parse with these, so either side can ship alone.
 */

/** A domain refusal (slot taken, hour passed…) is an answer, not a failure of the service. */
const Refused = z.object({ refused: ErrorBody });
const Day = {
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  time: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .nullable(),
  court: z.string().max(20).nullable(),
};
/** The booking service's other operations, on the caller's own bookings: list them, or cancel one by id. */
const OwnBookings = z.discriminatedUnion("action", [
  z.object({ action: z.literal("list") }),
  z.object({ action: z.literal("cancel"), booking_id: z.string().min(1).max(100) }),
]);

/** The conversation in, the booking request out. */
export const PARSE = {
  name: "parse",
  input: z.object({
    messages: z
      .array(z.object({ role: z.enum(["user", "assistant"]), text: z.string().max(4000) }))
      .min(1)
      .max(40),
  }),
  output: Extraction,
} satisfies ServiceContract;

/** A day (and hour, and court) in, its free slots or the club's refusal out. */
export const AVAILABILITY = {
  name: "availability",
  input: z.object(Day),
  output: z.union([z.object({ free_slots: z.array(Slot) }), Refused]),
} satisfies ServiceContract;

/** The hour's fitting free slots in, the booking out; or the member's own bookings, listed or one cancelled. */
export const BOOKING = {
  name: "booking",
  input: z.union([
    OwnBookings,
    z.object({
      ...Day,
      time: Day.time.unwrap(),
      preferences: z.array(z.string().max(20)).max(10),
      free_slots: z.array(Slot).min(1).max(60),
    }),
  ]),
  output: z.union([z.object({ booked: Booking }), z.object({ bookings: z.array(Booking) }), z.object({ cancelled: Booking }), Refused]),
} satisfies ServiceContract;
