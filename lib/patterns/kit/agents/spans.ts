/**
 * The Agents SDK's own tracing, turned into our trace events. The SDK traces every run; a
 * process-wide trace processor hands each span to the run whose trace it belongs to, and a
 * translator turns agent, model, function and handoff spans into node lifetimes, model calls,
 * decisions and handoffs on the pattern's graph.
 */
import {
  getCurrentSpan,
  getHandoff,
  setTraceProcessors,
  setTracingDisabled,
  type Span,
  type SpanData,
  type TracingProcessor,
} from "@openai/agents";
import { env } from "@/lib/env";
import { publicMessage, type AppError } from "@/lib/errors";
import type { Usage } from "@/lib/trace/events";
import { vendorFailure } from "../chat";
import { parseArgs } from "../chat/adapter";
import { decide, edge, runClock } from "../context";
import { REFUSE_BEYOND_CAP, TOOL_NODES, withinTurnCap } from "../tools";
import type { AgentGraph, AgentRunContext } from "./types";

/**
 * The spans of the runs in flight, by SDK trace id. The SDK's trace provider is process-wide (it
 * lives on globalThis), and so does this router: every copy of this module that a bundler makes
 * shares one table, and whichever copy starts a run re-installs the same router. Loading the SDK's
 * entry point again (another bundle) replaces the processors with its OpenAI exporter; re-installing
 * at the start of every run undoes that before any span of the run is made, so no span is lost and
 * none is exported to OpenAI. next.config.mjs also keeps the SDK out of the bundles, so the server
 * loads it once.
 */
type Following = { runs: Map<string, SpanTranslator>; router: TracingProcessor };
const FOLLOWING = Symbol.for("control-spectrum.agents.following");

function tracked(): Following {
  const holder = globalThis as { [FOLLOWING]?: Following };
  if (holder[FOLLOWING]) return holder[FOLLOWING];
  const runs = new Map<string, SpanTranslator>();
  const router: TracingProcessor = {
    async onTraceStart() {},
    async onTraceEnd() {},
    async onSpanStart(span) {
      runs.get(span.traceId)?.start(span);
    },
    async onSpanEnd(span) {
      runs.get(span.traceId)?.end(span);
    },
    async shutdown() {},
    async forceFlush() {},
  };
  return (holder[FOLLOWING] = { runs, router });
}

/** Installs the router as the only processor, and tracing on: the SDK switches it off under NODE_ENV=test. */
function installRouter(): Following {
  const following = tracked();
  setTraceProcessors([following.router]);
  setTracingDisabled(false);
  return following;
}

// At once, so the exporter the SDK's entry point installed never holds a span.
installRouter();

/** Routes the spans of the trace to this run's translator until the returned function is called. */
export function following(traceId: string, translator: SpanTranslator): () => void {
  const { runs } = installRouter();
  runs.set(traceId, translator);
  return () => runs.delete(traceId);
}

type AnySpan = Span<SpanData>;
/** What the translator remembers of a span: its parent, and for agents and tools the node it lit. */
type Seen = {
  parentId: string | null;
  started: number;
  node?: string;
  agent?: string;
  caller?: string;
  requested?: boolean;
  ended?: boolean;
};
type ModelOutput = { text: string; toolCalls: { id: string; name: string; args: unknown }[]; usage: Usage };

/** One run's spans as trace events: agents and tools become node lifetimes, model calls llm.request/response and decisions. */
export class SpanTranslator {
  private readonly seen = new Map<string, Seen>();
  private readonly agentNodes: Map<string, string>;
  private readonly offered: Map<string, string[]>;
  private readonly toolNodes: Record<string, string>;
  /** Model attempts that failed, by the span they ran under, until the next attempt there succeeds. */
  private readonly failures = new Map<string, { count: number; error: AppError }>();

  constructor(
    private readonly ctx: AgentRunContext,
    graph: AgentGraph,
  ) {
    this.agentNodes = new Map(graph.agents.map(([agent, node]) => [agent.name, node]));
    this.offered = new Map(
      graph.agents.map(([agent]) => [
        agent.name,
        [...agent.tools.map((t) => t.name), ...agent.handoffs.map((h) => getHandoff(h).toolName)],
      ]),
    );
    this.toolNodes = { ...TOOL_NODES, ...graph.tools };
  }

  nodeOf(agentName: string): string {
    return this.agentNodes.get(agentName) ?? agentName;
  }

  start(span: AnySpan): void {
    const data = span.spanData;
    const seen: Seen = { parentId: span.parentId, started: runClock(this.ctx) };
    this.seen.set(span.spanId, seen);
    const owner = this.agentOf(span.parentId);
    if (data.type === "agent") {
      Object.assign(seen, { agent: data.name, node: this.nodeOf(data.name), caller: owner?.node });
      if (seen.caller) edge(this.ctx, seen.caller, seen.node!, "task");
      this.ctx.emit({ type: "node.start", node: seen.node! });
    } else if (data.type === "function" && owner && !this.agentNodes.has(data.name) && this.toolNodes[data.name]) {
      Object.assign(seen, { node: this.toolNodes[data.name], caller: owner.node });
      edge(this.ctx, owner.node!, seen.node!, data.name);
      this.ctx.emit({ type: "node.start", node: seen.node! });
    } else if ((data.type === "generation" || data.type === "response") && owner) {
      // Streamed calls fill in the request's input just after starting the span; unstreamed Responses
      // calls (nested agent-tool runs) only at its end, so their request is told then.
      queueMicrotask(() => {
        if (!inputOf(data)) return;
        seen.requested = true;
        this.request(owner, data);
      });
    }
  }

  end(span: AnySpan): void {
    const data = span.spanData;
    const seen = this.seen.get(span.spanId);
    if (!seen) return;
    seen.ended = true;
    const ms = Math.round(runClock(this.ctx) - seen.started);
    const owner = this.agentOf(seen.parentId);
    if (seen.node) {
      this.ctx.emit({ type: "node.end", node: seen.node, ok: !span.error, ms, ...(span.error ? { error: span.error.message } : {}) });
      if (seen.caller) edge(this.ctx, seen.node, seen.caller, seen.agent ? "result" : undefined);
    } else if ((data.type === "generation" || data.type === "response") && owner && !span.error) {
      if (!seen.requested) this.request(owner, data);
      this.respond(owner, modelOutput(data), ms);
    } else if (data.type === "handoff" && data.from_agent && data.to_agent) {
      this.ctx.emit({
        type: "handoff",
        from: this.nodeOf(data.from_agent),
        to: this.nodeOf(data.to_agent),
        task: "take over the conversation",
      });
    }
  }

  /**
   * A model attempt starts under the current span (the agent's). If the last attempt there failed,
   * this one is the SDK retrying it: an error event on the agent's node says so.
   */
  attempting(): string {
    const scope = getCurrentSpan()?.spanId ?? "";
    const failed = this.failures.get(scope);
    if (failed) {
      const node = this.agentOf(scope)?.node ?? this.ctx.pattern.graph.nodes.find((n) => n.kind === "agent")?.id;
      this.ctx.emit({
        type: "error",
        node,
        code: failed.error.code,
        message: `${failed.error.message} Retrying (${failed.count}/${env().LLM_MAX_RETRIES}).`,
        retryable: true,
      });
    }
    return scope;
  }

  /** A model attempt ended: a failure is remembered for the retry that may follow, a success clears it. */
  attempted(scope: string, error?: unknown): void {
    if (error === undefined) return void this.failures.delete(scope);
    this.failures.set(scope, { count: (this.failures.get(scope)?.count ?? 0) + 1, error: vendorFailure(error, "openai", this.ctx.signal) });
  }

  /** A model response asked for more tool calls than run in one turn: the code's refusal, on the agent's node. */
  refusedBeyondCap(): void {
    const node = this.agentOf(getCurrentSpan()?.spanId ?? "")?.node ?? this.ctx.pattern.graph.nodes.find((n) => n.kind === "agent")?.id;
    if (node) decide(this.ctx, node, "code", REFUSE_BEYOND_CAP);
  }

  /** Ends the nodes a failed or stopped run left open, so the graph does not show them running. */
  abandon(error: unknown): void {
    const message = publicMessage(error);
    for (const seen of this.seen.values()) {
      if (seen.node && !seen.ended)
        this.ctx.emit({ type: "node.end", node: seen.node, ok: false, ms: Math.round(runClock(this.ctx) - seen.started), error: message });
      seen.ended = true;
    }
  }

  private request(owner: Seen, data: SpanData): void {
    const model = (data.type === "generation" && data.model) || this.ctx.clients.models.openai;
    const tools = this.offered.get(owner.agent!) ?? [];
    this.ctx.emit({
      type: "llm.request",
      node: owner.node!,
      vendor: "openai",
      model,
      live: this.ctx.clients.modes.openai === "live",
      messages: inputOf(data) ?? [],
      tools,
    });
  }

  private respond(owner: Seen, out: ModelOutput, ms: number): void {
    const node = owner.node!;
    const usage = this.ctx.clients.modes.openai === "live" ? out.usage : { ...out.usage, estimated: true };
    this.ctx.emit({
      type: "llm.response",
      node,
      text: out.text || undefined,
      toolCalls: out.toolCalls.length ? out.toolCalls : undefined,
      usage,
      ms,
    });
    if (!out.toolCalls.length) return decide(this.ctx, node, "llm", owner.caller ? `report back to ${owner.caller}` : "answer the member");
    decide(this.ctx, node, "llm", out.toolCalls.map((c) => `${c.name}(${JSON.stringify(c.args)})`).join(", "));
    for (const call of out.toolCalls) {
      const delegate = this.agentNodes.get(call.name) ?? (call.name in TOOL_NODES ? undefined : this.toolNodes[call.name]);
      if (delegate) this.ctx.emit({ type: "handoff", from: node, to: delegate, task: taskOf(call.args) });
    }
  }

  /** The agent span a span runs under: model calls and tools belong to it, nested agents are called by it. */
  private agentOf(spanId: string | null): Seen | undefined {
    for (let id = spanId; id; id = this.seen.get(id)?.parentId ?? null) {
      const seen = this.seen.get(id);
      if (seen?.agent) return seen;
    }
    return undefined;
  }
}

function inputOf(data: SpanData): unknown[] | string | undefined {
  return data.type === "generation" ? data.input : data.type === "response" ? data._input : undefined;
}

/** Text, tool calls and usage from a finished model span, Chat Completions or Responses. */
function modelOutput(data: SpanData): ModelOutput {
  if (data.type === "generation") {
    const completion = data.output?.[0] ?? {};
    const message = completion.choices?.[0]?.message ?? {};
    const calls: { id: string; function: { name: string; arguments: string } }[] = message.tool_calls ?? [];
    return {
      text: message.content ?? "",
      toolCalls: withinTurnCap(calls).map((c) => ({ id: c.id, name: c.function.name, args: parseArgs(c.function.arguments) })),
      usage: {
        inputTokens: completion.usage?.prompt_tokens ?? data.usage?.input_tokens ?? 0,
        outputTokens: completion.usage?.completion_tokens ?? data.usage?.output_tokens ?? 0,
      },
    };
  }
  const response = data.type === "response" ? (data._response ?? {}) : {};
  const items: Record<string, any>[] = response.output ?? []; // eslint-disable-line @typescript-eslint/no-explicit-any
  return {
    text: items
      .filter((i) => i.type === "message")
      .flatMap((i) => i.content ?? [])
      .map((c: { text?: string }) => c.text ?? "")
      .join(""),
    toolCalls: withinTurnCap(items.filter((i) => i.type === "function_call")).map((i) => ({
      id: i.call_id,
      name: i.name,
      args: parseArgs(i.arguments),
    })),
    usage: { inputTokens: response.usage?.input_tokens ?? 0, outputTokens: response.usage?.output_tokens ?? 0 },
  };
}

/** What a manager asked a specialist to do: the free-text input of an agent tool, or the arguments. */
function taskOf(args: unknown): string {
  if (args && typeof args === "object" && "input" in args && typeof args.input === "string") return args.input;
  return JSON.stringify(args);
}
