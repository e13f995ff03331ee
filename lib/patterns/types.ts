import type { Decider, TraceEventInput, Vendor } from "@/lib/trace/events";
import type { PatternGraph } from "./graph";

export const PATTERN_IDS = ["A", "B", "C", "D", "E", "F", "G", "H"] as const;

/** Services of C and G, reached over HTTP, that a run's chaos can treat as down. */
export const STOPPABLE_SERVICES = ["parse", "availability", "booking", "availability-agent", "booking-agent"] as const;
export type PatternId = (typeof PATTERN_IDS)[number];

/** Where a pattern's steps run: one process, independent services, or a managed cloud agent. */
type Runtime = "shared" | "services" | "managed";

/** Everything about a pattern that the UI and the API can show without running it. */
export type PatternInfo = {
  id: PatternId;
  name: string;
  style: string;
  runtime: Runtime;
  /** Who decides which function to call, and when, in a few words. */
  decides: string;
  /** The main decider, for the spectrum axis. */
  decider: Decider;
  /** Vendor per LLM step, as run by default; keys are the graph's llm node ids. */
  vendors: Record<string, Vendor>;
  /** Step vendors a user may change, and to what. */
  vendorChoices?: Record<string, Vendor[]>;
  graph: PatternGraph;
  /** Path of the pattern's source, for the code pane. */
  source: string;
};

export type Emit = (event: TraceEventInput) => void;
