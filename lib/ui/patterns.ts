import type { PatternId, PatternInfo } from "@/lib/patterns/types";

/** A pattern as GET /api/patterns describes it: everything the UI shows, plus whether it runs yet. */
export type PatternSummary = PatternInfo & { available: boolean };

export const DECIDER_LABEL = { code: "code", llm: "LLM", aws: "AWS" } as const;

/** The pattern named by `?p=`, or the first one that runs. */
export function choosePattern(patterns: PatternSummary[], requested: string | undefined): PatternId {
  const wanted = patterns.find((p) => p.id === requested?.toUpperCase());
  return (wanted ?? patterns.find((p) => p.available) ?? patterns[0]).id;
}

/** LLM steps whose vendor a user may change, with the default first. */
export function vendorSteps(pattern: PatternSummary) {
  return Object.entries(pattern.vendorChoices ?? {}).map(([node, choices]) => ({
    node,
    label: pattern.graph.nodes.find((n) => n.id === node)?.label ?? node,
    byDefault: pattern.vendors[node],
    choices,
  }));
}
