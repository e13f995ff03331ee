import { z } from "zod";
import { ChaosSchema, SimLatencyScale } from "@/lib/sim/chaos";
import { Vendor } from "@/lib/trace/events";
import { STOPPABLE_SERVICES } from "./types";

/** Fault injection for a run: the simulated model's knobs, plus services of C and G to treat as down (any mode). */
export const RunChaos = ChaosSchema.extend({ serviceDown: z.array(z.enum(STOPPABLE_SERVICES)).max(STOPPABLE_SERVICES.length).optional() });
export type RunChaos = z.infer<typeof RunChaos>;

/** The `options` of a run (POST /api/chat and everything that starts one): one schema, its type derived. */
export const RunOptions = z
  .object({
    /** Vendor per LLM step (graph node id), where the pattern allows a choice. */
    vendors: z.record(z.string(), Vendor).optional(),
    chaos: RunChaos.optional(),
    /** Force the simulated model even where credentials are set. */
    forceSim: z.boolean().optional(),
    /** Simulated latency for this run (the UI defaults to on so the graph can be watched). */
    simLatency: z.enum(["on", "off"]).optional(),
    /** Slow motion: a factor on the simulated model's delays, 0.5–5. */
    simLatencyScale: SimLatencyScale.optional(),
    /** Step mode: the run waits before each node starts until its owner continues. */
    stepMode: z.boolean().optional(),
    /** Human approval: "book" stops the run before any booking or cancellation until its owner decides. */
    approval: z.literal("book").optional(),
    /** Playback: the model calls are answered from this stored run's tape (by canonical request) instead of any vendor. */
    tape: z
      .string()
      .regex(/^run_[\w-]{8,80}$/, "tape must be a run id (run_…)")
      .optional(),
  })
  .strict();
export type RunOptions = z.infer<typeof RunOptions>;
