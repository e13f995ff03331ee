import type { Metrics, TraceEvent } from "./events";

/** USD per million tokens [input, output]; the sim is priced as the model it stands in for. */
const PRICES: [RegExp, number, number][] = [
  [/gpt-4\.1-mini|gpt-4o-mini/, 0.4, 1.6],
  [/gpt-4\.1|gpt-4o/, 2, 8],
  [/gpt-5-mini/, 0.25, 2],
  [/claude-3-5-haiku/, 0.8, 4],
  [/claude.*haiku/, 1, 5],
  [/claude.*sonnet/, 3, 15],
  [/claude.*opus/, 5, 25],
  [/nova-micro/, 0.035, 0.14],
  [/nova-lite/, 0.06, 0.24],
];

function priceOf(model: string, inputTokens: number, outputTokens: number): number {
  const row = PRICES.find(([re]) => re.test(model));
  if (!row) return 0;
  return (inputTokens * row[1] + outputTokens * row[2]) / 1_000_000;
}

/** Folds a run's events into the run.end metrics. */
export function foldMetrics(events: readonly TraceEvent[], ms: number): Metrics {
  const m: Metrics = {
    ms,
    llmCalls: 0,
    toolCalls: 0,
    httpCalls: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    estimated: false,
    decisions: { code: 0, llm: 0, aws: 0 },
  };
  const modelOf = new Map<string, string>();
  for (const e of events) {
    switch (e.type) {
      case "llm.request":
        modelOf.set(e.node, e.model);
        m.llmCalls++;
        break;
      case "llm.response":
        m.inputTokens += e.usage.inputTokens;
        m.outputTokens += e.usage.outputTokens;
        m.costUsd += priceOf(modelOf.get(e.node) ?? "", e.usage.inputTokens, e.usage.outputTokens);
        if (e.usage.estimated) m.estimated = true;
        break;
      case "tool.call":
        m.toolCalls++;
        break;
      case "http.request":
        m.httpCalls++;
        break;
      case "decision":
        m.decisions[e.by]++;
        break;
    }
  }
  m.costUsd = Math.round(m.costUsd * 1e8) / 1e8;
  return m;
}
