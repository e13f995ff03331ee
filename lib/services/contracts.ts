import { z } from "zod";
import { Booking } from "@/lib/domain/bookings";
import { Slot } from "@/lib/domain/slots";
import { ChaosSchema, SimLatencyScale } from "@/lib/llm";
import { Extraction } from "@/lib/patterns/kit/extract";
import { HopRecording, HopTape } from "@/lib/tapes/format";
import { TraceEvent, Vendor } from "@/lib/trace/events";

/**
 * The wire contracts of the independently deployable services of C and G: what each one takes and
 * returns, and the envelope every call travels in. Both sides parse with these, so a service and
 * its caller can ship apart and still refuse anything the other did not promise.
 */
const ErrorBody = z.object({ code: z.string(), message: z.string() });
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
const Task = z.object({ task: z.string().trim().min(1).max(2000) });
const Answer = z.object({ answer: z.string() });

export const CONTRACTS = {
  parse: {
    input: z.object({
      messages: z
        .array(z.object({ role: z.enum(["user", "assistant"]), text: z.string().max(4000) }))
        .min(1)
        .max(40),
    }),
    output: Extraction,
  },
  availability: {
    input: z.object(Day),
    output: z.union([z.object({ free_slots: z.array(Slot) }), Refused]),
  },
  booking: {
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
  },
  "availability-agent": { input: Task, output: Answer },
  // In approval mode the booking agent stops before booking and hands its loop state back; the caller resumes it with the member's decision.
  "booking-agent": {
    input: Task.extend({
      resume: z.object({ state: z.string().max(12_000), approved: z.boolean(), reason: z.string().max(300).optional() }).optional(),
    }),
    output: z.union([
      Answer,
      z.object({
        interruption: z.object({
          tool: z.enum(["book_slot", "cancel_booking"]),
          args: z.record(z.string(), z.unknown()),
          state: z.string(),
        }),
      }),
    ]),
  },
} satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export type ServiceName = keyof typeof CONTRACTS;
export type ServiceInput<N extends ServiceName> = z.input<(typeof CONTRACTS)[N]["input"]>;
export type ServiceOutput<N extends ServiceName> = z.output<(typeof CONTRACTS)[N]["output"]>;
export const SERVICE_NAMES = Object.keys(CONTRACTS) as ServiceName[];

/** The run's model choices, forwarded so a service calls its models the way the run asked. */
export const ForwardedOptions = z.object({
  forceSim: z.boolean().optional(),
  chaos: ChaosSchema.optional(),
  simLatency: z.enum(["on", "off"]).optional(),
  simLatencyScale: SimLatencyScale.optional(),
  vendors: z.record(z.string(), Vendor).optional(),
  approval: z.literal("book").optional(),
  /** The run's tape option: the hop's model calls are played back from this run's tape. */
  tape: z.string().max(100).optional(),
  /** A replay or fork: the hop plays its part of the source tape. */
  replay: HopTape.optional(),
  /** false when the run does not record (the benchmark's baseline). */
  record: z.boolean().optional(),
});
export type ForwardedOptions = z.infer<typeof ForwardedOptions>;

export function serviceRequest<N extends ServiceName>(name: N) {
  return z.object({ input: CONTRACTS[name].input, options: ForwardedOptions.default({}) });
}

/** Every answer carries the events the service recorded, success or not, so the caller can show its work. */
export const ServiceReply = z.object({
  output: z.unknown().optional(),
  error: ErrorBody.optional(),
  events: z.array(TraceEvent).default([]),
  tape: HopRecording.optional(),
});
