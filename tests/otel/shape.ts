import { expect } from "vitest";
import { parseTraceparent, traceIdOf } from "@/lib/services/traceparent";
import type { Metrics, TraceEvent } from "@/lib/trace/events";
import { SPAN_KIND, type DecodedSpan, type Value } from "./receiver";

/** Attributes that carry message content: they leave only when it is opted in. */
const CONTENT_KEYS =
  /^(gen_ai\.(input|output)\.messages|gen_ai\.system_instructions|gen_ai\.tool\.call\.(arguments|result)|input\.value|output\.value|llm\.(input|output)_messages\..*|csp\.(decision|state|handoff\.task))$/;

const AGENTS: Record<string, string[]> = {
  E: ["agent"],
  F: ["manager", "availability-agent", "booking-agent"],
  G: ["manager", "availability-agent", "booking-agent"],
};
const PROVIDERS = ["openai", "anthropic", "aws.bedrock"];

export type Run = { runId: string; sessionId: string; events: TraceEvent[] };

/**
 * What every exported run must look like, read from the decoded OTLP: one trace with the run's
 * trace id and one root; a span per model call, tool call and decision, agreeing with the run's
 * metrics; agents nesting their calls; C and G's hops as CLIENT/SERVER pairs carrying the
 * traceparent that was really sent and answered.
 */
export function expectRunTrace(pattern: string, run: Run, spans: DecodedSpan[], serviceName = "control-spectrum-playground"): void {
  const metrics = (run.events.at(-1) as { metrics: Metrics }).metrics;
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const ancestors = (s: DecodedSpan): DecodedSpan[] => {
    const chain: DecodedSpan[] = [];
    for (let p = byId.get(s.parentSpanId); p; p = byId.get(p.parentSpanId)) chain.push(p);
    return chain;
  };
  const op = (name: string) => spans.filter((s) => s.attributes["gen_ai.operation.name"] === name);

  // One trace, one root, a closed tree, children inside their parents' time.
  expect(spans.length).toBeGreaterThan(0);
  expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([traceIdOf(run.runId)]));
  expect(byId.size).toBe(spans.length);
  const roots = spans.filter((s) => !s.parentSpanId);
  expect(roots).toHaveLength(1);
  for (const s of spans) {
    if (s.parentSpanId) expect(byId.has(s.parentSpanId), `${s.name} has its parent in the trace`).toBe(true);
    const parent = byId.get(s.parentSpanId);
    if (parent) expect(s.start >= parent.start && s.end <= parent.end, `${s.name} lies inside ${parent.name}`).toBe(true);
    expect(s.end >= s.start).toBe(true);
  }

  const [root] = roots;
  expect(root).toMatchObject({ name: `invoke_workflow ${pattern}`, kind: SPAN_KIND.internal });
  expect(root.attributes).toMatchObject({
    "gen_ai.operation.name": "invoke_workflow",
    "gen_ai.workflow.name": pattern,
    "gen_ai.conversation.id": run.sessionId,
    "session.id": run.sessionId,
    "openinference.span.kind": "CHAIN",
  });
  expect(root.resource).toMatchObject({ "service.name": serviceName, "openinference.project.name": expect.any(String) });

  // Model calls: one CLIENT span each, with the run's models and exactly the run's tokens.
  const chats = op("chat");
  expect(chats).toHaveLength(metrics.llmCalls);
  const requested = run.events.flatMap((e) => (e.type === "llm.request" ? [e.model] : []));
  expect(chats.map((s) => s.attributes["gen_ai.request.model"]).sort()).toEqual(requested.sort());
  for (const s of chats) {
    const model = s.attributes["gen_ai.request.model"] as string;
    expect(s).toMatchObject({ name: `chat ${model}`, kind: SPAN_KIND.client });
    expect(PROVIDERS).toContain(s.attributes["gen_ai.provider.name"]);
    expect(s.attributes).toMatchObject({
      "openinference.span.kind": "LLM",
      "llm.model_name": model,
      "gen_ai.response.finish_reasons": [expect.stringMatching(/^(stop|tool_call)$/)],
    });
    expect(s.attributes["llm.token_count.total"]).toBe(
      Number(s.attributes["gen_ai.usage.input_tokens"]) + Number(s.attributes["gen_ai.usage.output_tokens"]),
    );
    expect(s.attributes["llm.token_count.prompt"]).toBe(s.attributes["gen_ai.usage.input_tokens"]);
  }
  expect(sum(chats, "gen_ai.usage.input_tokens")).toBe(metrics.inputTokens);
  expect(sum(chats, "gen_ai.usage.output_tokens")).toBe(metrics.outputTokens);

  // Tool calls: one span each, named for the tool, carrying the call's id.
  const tools = op("execute_tool");
  expect(tools).toHaveLength(metrics.toolCalls);
  expect(tools.map((s) => s.attributes["gen_ai.tool.call.id"]).sort()).toEqual(
    run.events.flatMap((e) => (e.type === "tool.call" ? [e.callId] : [])).sort(),
  );
  for (const s of tools)
    expect(s).toMatchObject({
      name: `execute_tool ${s.attributes["gen_ai.tool.name"]}`,
      attributes: { "openinference.span.kind": "TOOL", "tool.name": s.attributes["gen_ai.tool.name"] },
    });

  // Every decision, with who made it.
  const decided = { code: 0, llm: 0, aws: 0 };
  for (const s of spans.filter((s) => s.name === "decide")) {
    expect(s.attributes["openinference.span.kind"]).toBe("CHAIN");
    decided[s.attributes["csp.decided_by"] as keyof typeof decided]++;
  }
  expect(decided).toEqual(metrics.decisions);

  // Every node that ran has its span.
  const started = new Set(run.events.flatMap((e) => (e.type === "node.start" ? [e.node] : [])));
  for (const node of started)
    expect(
      spans.some((s) => s.attributes["graph.node.id"] === node),
      `a span for node ${node}`,
    ).toBe(true);

  // Agents own their model calls and tools; specialists sit under the manager with the handoff named.
  const agents = op("invoke_agent");
  expect(agents.map((s) => s.attributes["gen_ai.agent.name"]).sort()).toEqual((AGENTS[pattern] ?? []).filter((a) => started.has(a)).sort());
  for (const agent of agents) {
    const name = agent.attributes["gen_ai.agent.name"] as string;
    expect(agent).toMatchObject({ name: `invoke_agent ${name}`, attributes: { "openinference.span.kind": "AGENT", "agent.name": name } });
    for (const chat of chats.filter((c) => c.attributes["graph.node.id"] === name)) expect(ancestors(chat)).toContain(agent);
    if (name !== "manager" && name !== "agent") {
      expect(ancestors(agent).map((a) => a.attributes["gen_ai.agent.name"])).toContain("manager");
      expect(agent.attributes).toMatchObject({ "gen_ai.agent.handoff.source.name": "manager", "gen_ai.agent.handoff.target.name": name });
    }
  }
  if (AGENTS[pattern])
    for (const tool of tools)
      expect(
        ancestors(tool).some((a) => a.attributes["gen_ai.operation.name"] === "invoke_agent"),
        `${tool.name} runs inside an agent`,
      ).toBe(true);

  // C and G: each hop a CLIENT span with the span id of the traceparent sent, its SERVER span with
  // the one answered, and what the service did beneath it under the service's own name.
  const hops = spans.filter((s) => s.kind === SPAN_KIND.client && s.attributes["http.request.method"] === "POST");
  expect(hops).toHaveLength(metrics.httpCalls);
  const sent = run.events.flatMap((e) => (e.type === "http.request" ? [parseTraceparent(e.traceparent)?.spanId] : []));
  expect(hops.map((s) => s.spanId).sort()).toEqual(sent.sort());
  const answered = run.events.flatMap((e) => (e.type === "http.response" && e.status > 0 ? [parseTraceparent(e.traceparent)?.spanId] : []));
  const servers = spans.filter((s) => s.kind === SPAN_KIND.server);
  expect(servers.map((s) => s.spanId).sort()).toEqual(answered.sort());
  for (const server of servers) {
    const service = server.attributes["csp.service"] as string;
    expect(hops).toContain(byId.get(server.parentSpanId));
    expect(server.resource["service.name"]).toBe(`${serviceName}-${service}`);
    for (const inside of spans.filter((s) => ancestors(s).includes(server)))
      expect(inside.resource["service.name"]).toBe(`${serviceName}-${service}`);
  }
  if (pattern === "C")
    for (const chat of chats)
      expect(
        ancestors(chat).some((a) => a.kind === SPAN_KIND.server),
        `${chat.name} ran in a service`,
      ).toBe(true);
  if (pattern === "G")
    for (const chat of chats.filter((c) => c.attributes["graph.node.id"] !== "manager"))
      expect(ancestors(chat).some((a) => a.kind === SPAN_KIND.server)).toBe(true);
}

export function contentKeys(spans: DecodedSpan[]): string[] {
  return [
    ...new Set(spans.flatMap((s) => [...Object.keys(s.attributes), ...s.events.flatMap((e) => Object.keys(e.attributes))]).values()),
  ].filter((k) => CONTENT_KEYS.test(k));
}

function sum(spans: DecodedSpan[], key: string): number {
  return spans.reduce((total, s) => total + Number(s.attributes[key] as Value), 0);
}
