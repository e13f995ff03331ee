import type { PatternId, PatternInfo } from "@/lib/patterns/types";

export const DECIDER_LABEL = { code: "code", llm: "LLM", aws: "AWS" } as const;

/** The pattern named by `?p=`, or the first one. */
export function choosePattern(patterns: PatternInfo[], requested: string | undefined): PatternId {
  const wanted = patterns.find((p) => p.id === requested?.toUpperCase());
  return (wanted ?? patterns[0]).id;
}

/** LLM steps whose vendor a user may change, with the default first. */
export function vendorSteps(pattern: PatternInfo) {
  return Object.entries(pattern.vendorChoices ?? {}).map(([node, choices]) => ({
    node,
    label: pattern.graph.nodes.find((n) => n.id === node)?.label ?? node,
    byDefault: pattern.vendors[node],
    choices,
  }));
}
