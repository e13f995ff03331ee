import { z } from "zod";
import { ChaosSchema, SimLatencyScale } from "@/lib/llm";
import { HopTape, MAX_TAPE_BYTES } from "@/lib/tapes/format";
import { fromHopRecording } from "@/lib/tapes/recording";
import { TraceEvent, Vendor } from "@/lib/trace/events";

/**
 * What every service hop shares, whatever the service: its contract (the service's name and what
 * it takes and returns, declared beside the pattern that owns it: lib/patterns/c/contracts.ts,
 * lib/patterns/g/contracts.ts), the run's options forwarded with the input, and the reply that
 * carries the output or the error with the events the service recorded. Both sides parse with
 * these, so a service and its caller can ship apart and still refuse anything the other did not promise.
 */
export type ServiceContract<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> = {
  /** The service's path under /api/services and its node in the pattern's graph. */
  name: string;
  input: I;
  output: O;
};
export type ServiceInput<C extends ServiceContract> = z.input<C["input"]>;
export type ServiceOutput<C extends ServiceContract> = z.output<C["output"]>;

export const ErrorBody = z.object({ code: z.string(), message: z.string() });

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

export function serviceRequest<C extends ServiceContract>(contract: C) {
  return z.object({ input: contract.input, options: ForwardedOptions.default({}) });
}

/** Every answer carries the events the service recorded, success or not, so the caller can show its work. */
export const ServiceReply = z.object({
  output: z.unknown().optional(),
  error: ErrorBody.optional(),
  events: z.array(TraceEvent).default([]),
  /** What the hop recorded, as bytes in base64 (lib/tapes/recording.ts). */
  tape: z
    .string()
    .max(MAX_TAPE_BYTES)
    .transform((text, ctx) => {
      try {
        return fromHopRecording(text);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: `not a recording: ${error instanceof Error ? error.message : String(error)}` });
        return z.NEVER;
      }
    })
    .optional(),
});
