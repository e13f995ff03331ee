import type { RunChaos } from "@/lib/patterns/options";
import type { Vendor } from "@/lib/trace/events";

/** The chaos knobs the options panel offers: `options.chaos` of POST /api/chat, less the run id the server sets. */
export type ChaosKnobs = Omit<RunChaos, "runId">;
export type VendorFault = NonNullable<ChaosKnobs["vendorError"]>["status"];

export type RunOptionsState = {
  forceSim: boolean;
  /** On by default in the UI, so people can watch the graph move. */
  simLatency: "on" | "off";
  vendors: Record<string, Vendor>;
  chaos: ChaosKnobs;
  /** Step mode: the run waits before each node until the presenter continues. */
  stepMode: boolean;
  /** Slow motion for the simulated model's delays, 0.5–5 (1 = as modelled). */
  simLatencyScale: number;
  /** Approval mode: every pattern stops before booking or cancelling and asks the member. */
  approval: boolean;
};

export const SLOW_MOTION_STEPS = [0.5, 1, 2, 3, 5] as const;

export const DEFAULT_RUN_OPTIONS: RunOptionsState = {
  forceSim: false,
  simLatency: "on",
  vendors: {},
  chaos: {},
  stepMode: false,
  simLatencyScale: 1,
  approval: false,
};

/** Only the knobs that are set, so a plain run sends no chaos at all. */
function activeChaos(chaos: ChaosKnobs): ChaosKnobs | undefined {
  const set = Object.entries(chaos).filter(([, v]) => v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0));
  return set.length > 0 ? (Object.fromEntries(set) as ChaosKnobs) : undefined;
}

/** The `options` of a chat request for one pattern: vendor choices only for that pattern's steps. */
export function requestOptions(options: RunOptionsState, steps: string[]) {
  const vendors = Object.fromEntries(Object.entries(options.vendors).filter(([node]) => steps.includes(node)));
  const chaos = activeChaos(options.chaos);
  return {
    simLatency: options.simLatency,
    ...(options.stepMode ? { stepMode: true } : {}),
    ...(options.approval ? { approval: "book" as const } : {}),
    ...(options.simLatency === "on" && options.simLatencyScale !== 1 ? { simLatencyScale: options.simLatencyScale } : {}),
    ...(options.forceSim ? { forceSim: true } : {}),
    ...(Object.keys(vendors).length > 0 ? { vendors } : {}),
    ...(chaos ? { chaos } : {}),
  };
}

const CHAOS_NAMES: Record<keyof ChaosKnobs, string> = {
  malformedJson: "malformed JSON",
  hallucinatedSlot: "hallucinated slot",
  slowModel: "slow model",
  toolLoop: "tool loop",
  vendorError: "vendor error",
  serviceDown: "service down",
  variation: "variation",
};

/** What is on, in words, for the badge a room can read: "step mode · 0.5× · ask before booking"; empty when all is default. */
export function optionsSummary(options: RunOptionsState): string[] {
  const chaos = activeChaos(options.chaos) ?? {};
  return [
    ...(options.stepMode ? ["step mode"] : []),
    ...(options.simLatency === "off" ? ["latency off"] : options.simLatencyScale !== 1 ? [`${options.simLatencyScale}×`] : []),
    ...(options.approval ? ["ask before booking"] : []),
    ...(options.forceSim ? ["sim forced"] : []),
    ...Object.keys(chaos).map((k) =>
      k === "vendorError" && chaos.vendorError ? `vendor ${chaos.vendorError.status}` : CHAOS_NAMES[k as keyof ChaosKnobs],
    ),
  ];
}
