import {
  Agent,
  AgentsError,
  MaxTurnsExceededError,
  ModelBehaviorError,
  ModelTimeoutError,
  OpenAIProvider,
  RunContext as SdkRunContext,
  RunState,
  Runner,
  generateTraceId,
  getCurrentSpan,
  getHandoff,
  retryPolicies,
  setTraceProcessors,
  setTracingDisabled,
  tool,
  type AgentInputItem,
  type Model,
  type ModelProvider,
  type ModelRequest,
  type Span,
  type SpanData,
  type TracingProcessor,
} from "@openai/agents";
import { z } from "zod";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Usage } from "@/lib/trace/events";
import { vendorFailure } from "./chat";
import { decide, edge, runClock, step, within, type RunContext } from "./context";
import { declined, needsApproval, Pause, summarise, type Decision } from "./approval";
import {
  BookSlotArgs,
  CancelBookingArgs,
  CheckAvailabilityArgs,
  MyBookingsArgs,
  TOOL_NODES,
  TOOL_SPECS,
  isToolName,
  outcomeText,
  runTool,
  type ToolName,
} from "./tools";

/**
 * The OpenAI Agents SDK on our trace protocol, shared by the agent patterns. The SDK runs the loop;
 * its own tracing drives the graph: a process-wide trace processor hands each span to the run whose
 * trace it belongs to, and a translator turns agent, model, function and handoff spans into events.
 */
export type AgentRunContext = RunContext<unknown>;
export type ClubAgent = Agent<AgentRunContext>;

/** How a pattern's SDK names map onto its graph. */
export type AgentGraph = {
  /** The in-process agents, each with the node it lights. */
  agents: [agent: ClubAgent, node: string][];
  /** Function tools that stand for other nodes, e.g. remote specialists; the club's tools map to check and book already. */
  tools?: Record<string, string>;
};

export const MAX_TURNS = 8;
const KEEP_ITEMS = 40;

// --- Tools ---------------------------------------------------------------------------------------

/**
 * The club's functions as SDK tools. The member comes from the run context, never from the
 * model; strict schemas need every field present, so an absent time is null rather than omitted.
 */
export const checkAvailabilityTool = tool({
  name: "check_availability",
  description: TOOL_SPECS.check_availability.description,
  parameters: CheckAvailabilityArgs.extend({ time: z.string().nullable().describe("Start time HH:MM (24h); null for the whole day") }),
  execute: (args, run, details) => runClubTool(run?.context as AgentRunContext, "check_availability", args, details?.toolCall?.callId),
});

export const bookSlotTool = tool({
  name: "book_slot",
  description: TOOL_SPECS.book_slot.description,
  parameters: BookSlotArgs,
  // Approval mode: the SDK interrupts the run before this call and waits for approve/reject.
  needsApproval: async (run) => needsApproval(run.context as AgentRunContext, "book_slot"),
  execute: (args, run, details) => runClubTool(run?.context as AgentRunContext, "book_slot", args, details?.toolCall?.callId),
});

export const myBookingsTool = tool({
  name: "my_bookings",
  description: TOOL_SPECS.my_bookings.description,
  parameters: MyBookingsArgs,
  execute: (args, run, details) => runClubTool(run?.context as AgentRunContext, "my_bookings", args, details?.toolCall?.callId),
});

export const cancelBookingTool = tool({
  name: "cancel_booking",
  description: TOOL_SPECS.cancel_booking.description,
  parameters: CancelBookingArgs,
  needsApproval: async (run) => needsApproval(run.context as AgentRunContext, "cancel_booking"),
  execute: (args, run, details) => runClubTool(run?.context as AgentRunContext, "cancel_booking", args, details?.toolCall?.callId),
});

/** The tool node itself is lit by the function span; here the database hop and the domain call. */
async function runClubTool(ctx: AgentRunContext, name: ToolName, args: unknown, callId = `${name}_${Date.now()}`): Promise<string> {
  const node = TOOL_NODES[name];
  const outcome = await within(ctx, { node }, () => step(ctx, "db", () => runTool(ctx.emit, ctx, { node, name, callId, args })));
  return outcomeText(outcome);
}

/** A specialist offered to a manager as a tool named after it, so its spans and the manager's calls meet on one node. */
export function specialistTool(agent: ClubAgent, description: string) {
  return agent.asTool({ toolName: agent.name, toolDescription: description });
}

// --- Running -------------------------------------------------------------------------------------

/** A finished turn, or a run the SDK interrupted for the member's approval: its RunState serialised, and the call it holds. */
export type AgentTurn = { reply: string; history: AgentInputItem[] } | { held: AgentHold };
export type AgentHold = { state: string; node: string; name: string; args: unknown; callId: string };
/** A run to resume: the RunState it was interrupted in, and the member's decision on the held call. */
export type AgentResume = { state: string; decision: Decision };

/**
 * Runs one member turn through an agent with the run's OpenAI client (sim or live, chaos headers
 * included), streaming the reply as message.delta and tracing every span onto the graph. In
 * approval mode the SDK interrupts before book_slot or cancel_booking (`needsApproval`); the
 * interrupted RunState comes back serialised, and `resume` restores it, approves or rejects the
 * held call and runs on.
 */
export async function runAgent(
  ctx: AgentRunContext,
  agent: ClubAgent,
  history: AgentInputItem[],
  graph: AgentGraph,
  resume?: AgentResume,
): Promise<AgentTurn> {
  const traceId = generateTraceId();
  const translator = new SpanTranslator(ctx, graph);
  const { LLM_TIMEOUT_MS, LLM_MAX_RETRIES } = env();
  const runner = new Runner({
    modelProvider: new WatchedProvider(
      new OpenAIProvider({ openAIClient: ctx.clients.openai, useResponses: speaksResponses(ctx) }),
      translator,
    ),
    model: ctx.clients.models.openai,
    // The same bounds as every other model call: a timeout per call, bounded retries on transient faults.
    modelSettings: {
      timeoutMs: LLM_TIMEOUT_MS,
      retry: {
        maxRetries: LLM_MAX_RETRIES,
        backoff: { initialDelayMs: 250, maxDelayMs: 4000, multiplier: 2, jitter: true },
        // The SDK's own per-call timeout is a transient fault like a 503, but it counts a timed-out call as
        // possibly accepted: our calls carry the whole conversation and no server-side state, so sending one
        // again doubles nothing. The SDK still never retries once part of the stream has gone out.
        policy: retryPolicies.any(
          retryPolicies.providerSuggested(),
          retryPolicies.networkError(),
          retryPolicies.httpStatus([429, 500, 502, 503, 504]),
          ({ error }) => (error instanceof ModelTimeoutError ? { retry: true, approveUnsafeReplay: true } : false),
        ),
      },
    },
    tracingDisabled: false,
    traceId,
    groupId: ctx.sessionId,
    workflowName: `Pattern ${ctx.pattern.id}: ${ctx.pattern.name}`,
  });
  const context = serialisable(ctx);
  const input = resume ? await restore(agent, resume, context) : [...history, { role: "user" as const, content: ctx.input }];
  // The serialised state carries its run's trace: a resumed run's spans belong to the paused run's trace id.
  const unfollow = following(input instanceof RunState ? (input._trace?.traceId ?? traceId) : traceId, translator);
  try {
    const result = await runner.run(agent, input, { stream: true, context, signal: ctx.signal, maxTurns: MAX_TURNS });
    const replyNode = translator.nodeOf(agent.name);
    for await (const event of result) {
      if (event.type !== "raw_model_stream_event" || event.data.type !== "output_text_delta") continue;
      ctx.emit({ type: "llm.delta", node: replyNode, text: event.data.delta });
      ctx.emit({ type: "message.delta", text: event.data.delta });
    }
    await result.completed;
    if (result.error) throw result.error;
    ctx.signal.throwIfAborted();
    const held = result.interruptions?.[0];
    if (held?.rawItem.type === "function_call") {
      const { name, arguments: args, callId } = held.rawItem;
      return { held: { state: result.state.toString(), node: translator.nodeOf(held.agent.name), name, args: parseArgs(args), callId } };
    }
    return { reply: String(result.finalOutput ?? ""), history: trimHistory(result.history) };
  } catch (error) {
    translator.abandon(error);
    throw agentFailure(error, ctx);
  } finally {
    unfollow();
  }
}

/**
 * The run context the SDK carries: ours (clients, trace, member), which RunState.toString() would
 * serialise with the state. Only the run id goes into the string; a resumed run gets its own context.
 */
function serialisable(ctx: AgentRunContext): AgentRunContext {
  return Object.assign({ ...ctx }, { toJSON: () => ({ runId: ctx.runId }) });
}

/** The interrupted run, restored from its string with this run's context, and the member's decision on each held call. */
async function restore(agent: ClubAgent, resume: AgentResume, context: AgentRunContext): Promise<RunState<AgentRunContext, ClubAgent>> {
  const state = await RunState.fromStringWithContext<AgentRunContext, ClubAgent>(agent, resume.state, new SdkRunContext(context), {
    contextStrategy: "replace",
  });
  for (const item of state.getInterruptions()) {
    if (resume.decision.approved) state.approve(item);
    else state.reject(item, { message: JSON.stringify({ error: declined(resume.decision) }) });
  }
  return state;
}

/**
 * OPENAI_AGENTS_API when set; otherwise Responses (the SDK's default, switchable with its
 * setOpenAIAPI), but Chat Completions for a live OPENAI_BASE_URL, since compatible servers
 * (Ollama, vLLM) rarely implement Responses.
 */
function speaksResponses(ctx: AgentRunContext): boolean | undefined {
  const { OPENAI_AGENTS_API, OPENAI_BASE_URL } = env();
  if (OPENAI_AGENTS_API) return OPENAI_AGENTS_API === "responses";
  return ctx.clients.modes.openai === "live" && OPENAI_BASE_URL ? false : undefined;
}

/**
 * The SDK retries model calls by its own policy, out of sight of the trace. Its models are
 * watched: an attempt that follows a failed one under the same agent is a retry, and the
 * translator announces it on that agent's node, as withRetries does for every other model call.
 */
class WatchedProvider implements ModelProvider {
  constructor(
    private readonly inner: ModelProvider,
    private readonly translator: SpanTranslator,
  ) {}

  async getModel(name?: string): Promise<Model> {
    const model = await this.inner.getModel(name);
    const translator = this.translator;
    return {
      async getResponse(request: ModelRequest) {
        const scope = translator.attempting();
        try {
          const response = await model.getResponse(request);
          translator.attempted(scope);
          return response;
        } catch (error) {
          translator.attempted(scope, error);
          throw error;
        }
      },
      async *getStreamedResponse(request: ModelRequest) {
        const scope = translator.attempting();
        try {
          yield* model.getStreamedResponse(request);
          translator.attempted(scope);
        } catch (error) {
          translator.attempted(scope, error);
          throw error;
        }
      },
      ...(model.getRetryAdvice ? { getRetryAdvice: model.getRetryAdvice.bind(model) } : {}),
    };
  }
}

/** Our error for what stopped the SDK; its other errors (bad setup) stay as they are: internal. */
function agentFailure(error: unknown, ctx: AgentRunContext): unknown {
  if (ctx.signal.aborted) return new AppError("aborted", "The run was stopped.", { cause: error });
  if (error instanceof MaxTurnsExceededError)
    return new AppError("loop_cap", `The agent was still working after ${MAX_TURNS} turns; the SDK stopped it.`, { cause: error });
  if (error instanceof ModelBehaviorError)
    return new AppError("model_output_invalid", `The model did something the agent cannot follow: ${error.message}`, { cause: error });
  if (error instanceof ModelTimeoutError) return vendorFailure(error, "openai", ctx.signal);
  if (error instanceof AgentsError) return error;
  return vendorFailure(error, "openai", ctx.signal);
}

/** The last items of a conversation, starting at a member's message so no tool result loses its call. */
export function trimHistory(items: AgentInputItem[], max = KEEP_ITEMS): AgentInputItem[] {
  const tail = items.slice(-max);
  const firstUser = tail.findIndex((item) => "role" in item && item.role === "user");
  return firstUser < 0 ? [] : tail.slice(firstUser);
}

// --- Tracing -------------------------------------------------------------------------------------

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

function following(traceId: string, translator: SpanTranslator): () => void {
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

  /** Ends the nodes a failed or stopped run left open, so the graph does not show them running. */
  abandon(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
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
      toolCalls: calls.map((c) => ({ id: c.id, name: c.function.name, args: parseArgs(c.function.arguments) })),
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
    toolCalls: items.filter((i) => i.type === "function_call").map((i) => ({ id: i.call_id, name: i.name, args: parseArgs(i.arguments) })),
    usage: { inputTokens: response.usage?.input_tokens ?? 0, outputTokens: response.usage?.output_tokens ?? 0 },
  };
}

function parseArgs(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** What a manager asked a specialist to do: the free-text input of an agent tool, or the arguments. */
function taskOf(args: unknown): string {
  if (args && typeof args === "object" && "input" in args && typeof args.input === "string") return args.input;
  return JSON.stringify(args);
}

/** The pause an agent pattern returns for an interrupted run: the SDK's RunState string is the whole paused state. */
export function agentPause(held: AgentHold, heldBy = "the Agents SDK's RunState, serialised (state.toString()) into the database"): Pause {
  if (!isToolName(held.name)) throw new AppError("internal", `The agent held a call to ${held.name}, which needs no approval.`);
  return new Pause({
    node: held.node,
    tool: held.name,
    args: held.args,
    summary: summarise(held.name, held.args),
    heldBy,
    state: { runState: held.state },
  });
}
