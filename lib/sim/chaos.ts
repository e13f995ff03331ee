import { z } from "zod";

/** Faults a run can ask the simulated model for, per request, to show how each pattern copes. */
export const ChaosSchema = z.object({
  malformedJson: z.boolean().optional(),
  hallucinatedSlot: z.boolean().optional(),
  vendorError: z
    .object({ status: z.union([z.literal(429), z.literal(500), z.literal("timeout")]), times: z.number().int().min(0).max(100) })
    .optional(),
  slowModel: z.boolean().optional(),
  toolLoop: z.boolean().optional(),
  /**
   * Simulated variation (lib/sim/variation.ts), not a real model's sampling: at a temperature
   * above 0 the model varies its phrasing and picks among equally valid choices by this seed.
   */
  variation: z.object({ temperature: z.number().min(0).max(1), seed: z.number().int().min(0).max(1_000_000) }).optional(),
  runId: z.string().max(200).optional(),
});

export type Chaos = z.infer<typeof ChaosSchema>;

export const CHAOS_HEADER = "x-sim-chaos";
export const LATENCY_HEADER = "x-sim-latency";
/** Slow motion: a factor (0.5–5) on every modelled delay, so a presenter can watch a run unfold. */
export const LATENCY_SCALE_HEADER = "x-sim-latency-scale";
export const LATENCY_SCALE = { min: 0.5, max: 5 } as const;
export const SimLatencyScale = z.number().min(LATENCY_SCALE.min).max(LATENCY_SCALE.max);

/**
 * Failed calls so far per run, for one simulated service: each has its own, so callers of the
 * public /api/sim routes can neither use up nor add to the faults of the app's own runs. Keyed by
 * the caller (its credentials) and the run, and bounded so a long-lived server cannot grow it.
 */
export class FaultCounter {
  private readonly failures = new Map<string, number>();

  constructor(private readonly maxRuns = 1000) {}

  /** Whether this model call should fail, counting calls per runId so "fail the first N" spans a run's calls. */
  take(chaos: Chaos, caller: string): 429 | 500 | "timeout" | null {
    const fault = chaos.vendorError;
    if (!fault || fault.times <= 0) return null;
    const key = `${caller}\n${chaos.runId ?? ""}`;
    const failed = this.failures.get(key) ?? 0;
    if (failed >= fault.times) return null;
    this.failures.delete(key);
    this.failures.set(key, failed + 1);
    if (this.failures.size > this.maxRuns) this.failures.delete(this.failures.keys().next().value!);
    return fault.status;
  }
}
