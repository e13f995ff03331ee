/**
 * Runs a member's turn through an OpenAI Agents SDK agent: the SDK runs the loop, within the same
 * timeout and retry bounds as every other model call, streaming the reply and tracing every span
 * onto the graph (spans.ts). In approval mode a run interrupted before a booking or cancellation
 * comes back as its serialised RunState, and resumes from it with the member's decision.
 */
import {
  AgentsError,
  MaxTurnsExceededError,
  ModelBehaviorError,
  ModelTimeoutError,
  OpenAIProvider,
  RunContext as SdkRunContext,
  RunState,
  Runner,
  generateTraceId,
  retryPolicies,
  type AgentInputItem,
  type Model,
  type ModelProvider,
  type ModelRequest,
} from "@openai/agents";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { declined, Pause, summarise, type Decision } from "../approval";
import { vendorFailure } from "../chat";
import { parseArgs } from "../chat/adapter";
import { isToolName } from "../tools";
import { SpanTranslator, following } from "./spans";
import { capResponse } from "./turn-cap";
import type { AgentGraph, AgentRunContext, ClubAgent } from "./types";

export const MAX_TURNS = 8;
const KEEP_ITEMS = 40;

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
  const context = serialisable(ctx);
  const runner = new Runner({
    modelProvider: new WatchedProvider(
      new OpenAIProvider({ openAIClient: ctx.clients.openai, useResponses: speaksResponses(ctx) }),
      translator,
      context,
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
    const failure = agentFailure(error, ctx);
    translator.abandon(failure);
    throw failure;
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
 * A response's tool calls are cut at the cap before the SDK runs them (turn-cap.ts).
 */
class WatchedProvider implements ModelProvider {
  constructor(
    private readonly inner: ModelProvider,
    private readonly translator: SpanTranslator,
    private readonly context: AgentRunContext,
  ) {}

  async getModel(name?: string): Promise<Model> {
    const model = await this.inner.getModel(name);
    const { translator, context } = this;
    const capped = <T extends { type?: string }>(output: T[]) => {
      const cut = capResponse(context, output);
      if (cut.capped) translator.refusedBeyondCap();
      return cut.output;
    };
    return {
      async getResponse(request: ModelRequest) {
        const scope = translator.attempting();
        try {
          const response = await model.getResponse(request);
          translator.attempted(scope);
          return { ...response, output: capped(response.output) };
        } catch (error) {
          translator.attempted(scope, error);
          throw error;
        }
      },
      async *getStreamedResponse(request: ModelRequest) {
        const scope = translator.attempting();
        try {
          for await (const event of model.getStreamedResponse(request))
            yield event.type === "response_done"
              ? { ...event, response: { ...event.response, output: capped(event.response.output) } }
              : event;
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
function trimHistory(items: AgentInputItem[], max = KEEP_ITEMS): AgentInputItem[] {
  const tail = items.slice(-max);
  const firstUser = tail.findIndex((item) => "role" in item && item.role === "user");
  return firstUser < 0 ? [] : tail.slice(firstUser);
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
