/**
 * H — Managed agent (AWS Bedrock Agents). AWS runs the whole loop — pre-processing, orchestration,
 * post-processing — and hands each action back to your code by return of control, so the club's
 * functions still run here with the member's identity. Use it when you want a hosted agent runtime
 * and keep your data and side effects in your own code.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import {
  InvokeAgentCommand,
  type InvocationResultMember,
  type ReturnControlPayload,
  type SessionState,
  type Trace,
} from "@aws-sdk/client-bedrock-agent-runtime";
import { env } from "@/lib/env";
import type { Usage } from "@/lib/trace/events";
import { AGENT_FUNCTIONS } from "./bedrock-agent-setup";
import { withRetries } from "./kit/chat";
import { declinedOutcome, isPause, needsApproval, Pause, summarise, type Decision } from "./kit/approval";
import { callTool, decide, edge, reply, step, type Pattern, type RunContext } from "./kit/context";
import { clubFacts } from "./kit/prompts";
import { beyondTurnCap, isToolName, outcomeText, REFUSE_BEYOND_CAP, TOO_MANY_TOOL_CALLS, withinTurnCap } from "./kit/tools";
import { graph } from "./graph";

const Conversation = z.object({ bedrockSessionId: z.string().nullable() });
type Conversation = z.infer<typeof Conversation>;
export const MAX_ROUND_TRIPS = 8;

export const patternH: Pattern<Conversation> = {
  id: "H",
  name: "Bedrock Agent",
  style: "Managed agent (AWS)",
  runtime: "managed",
  decides: "AWS runs the loop; actions return to your code",
  decider: "aws",
  vendors: { orchestration: "bedrock" },
  sources: ["lib/patterns/h.ts"],
  graph: graph({
    nodes: [
      { id: "user", kind: "user", label: "Member", at: [0, 1] },
      { id: "app", kind: "code", label: "Your app", at: [1, 1], detail: "InvokeAgent + return of control" },
      { id: "pre-processing", kind: "managed", label: "Pre-processing", at: [3, 0], group: "bedrock" },
      { id: "orchestration", kind: "managed", label: "Orchestration", at: [3, 1], group: "bedrock" },
      { id: "post-processing", kind: "managed", label: "Post-processing", at: [3, 2], group: "bedrock" },
      { id: "check", kind: "tool", label: "check_availability", at: [1, 2.4] },
      { id: "book", kind: "tool", label: "book_slot", at: [0, 2.4] },
      { id: "mine", kind: "tool", label: "my_bookings", at: [2, 2.4] },
      { id: "cancel", kind: "tool", label: "cancel_booking", at: [0, 3.4] },
      { id: "db", kind: "db", label: "Bookings DB", at: [1, 3.4] },
    ],
    edges: [
      { from: "user", to: "app" },
      { from: "app", to: "orchestration", label: "InvokeAgent" },
      { from: "pre-processing", to: "orchestration" },
      { from: "orchestration", to: "post-processing" },
      { from: "orchestration", to: "app", label: "return of control" },
      { from: "app", to: "check" },
      { from: "app", to: "book" },
      { from: "app", to: "mine" },
      { from: "app", to: "cancel" },
      { from: "check", to: "db" },
      { from: "book", to: "db" },
      { from: "mine", to: "db" },
      { from: "cancel", to: "db" },
      { from: "app", to: "user", label: "reply" },
    ],
    groups: [{ id: "bedrock", label: "AWS Bedrock Agent", kind: "managed" }],
  }),
  stateSchema: Conversation,
  initialState: () => ({ bedrockSessionId: null }),
  // A fork talks to the agent in a new session, which its tape deck lays the recorded conversation into; the member's own goes on untouched.
  forkState: () => ({ bedrockSessionId: null }),

  // region app
  async run(ctx) {
    // The session lives with AWS, addressed by this id alone: a random one, kept in H's state and
    // never shown, so nothing a run reveals (its app session id, say) leads to the conversation.
    const bedrockSessionId = ctx.state.bedrockSessionId ?? randomUUID();
    return step(ctx, "app", async () => answer(ctx, bedrockSessionId, await converse(ctx, bedrockSessionId)), { label: "message" });
  },

  // Bedrock still waits on the return-of-control invocation it asked to confirm; the decision goes back as its confirmation state.
  async resume(ctx, held, decision) {
    const h = held as Held;
    return step(ctx, "app", async () => answer(ctx, h.bedrockSessionId, await converse(ctx, h.bedrockSessionId, { ...h, decision })));
  },
};

/** Where H stopped for the member: the return of control Bedrock sent, the results so far, and the action it asked to confirm. */
type Held = { bedrockSessionId: string; trip: number; control: ReturnControlPayload; next: number; results: InvocationResultMember[] };
type Resuming = Held & { decision: Decision };
const HELD_BY = "Bedrock's session, via return of control (the agent waits on its invocation; its id and inputs in the database)";

function answer(ctx: RunContext<Conversation>, bedrockSessionId: string, text: string | Pause): Conversation | Pause {
  if (isPause(text)) return text;
  reply(ctx, text);
  return { bedrockSessionId };
}

async function converse(ctx: RunContext<Conversation>, bedrockSessionId: string, resuming?: Resuming): Promise<string | Pause> {
  // Prompt session attributes last for one InvokeAgent only, so the date and the club facts go with every call.
  const promptSessionAttributes = { club: clubFacts() };
  let sessionState: SessionState = { promptSessionAttributes };
  for (let trip = resuming?.trip ?? 1; trip <= MAX_ROUND_TRIPS; trip++) {
    const held = resuming && trip === resuming.trip ? resuming : undefined;
    let control = held?.control;
    if (!control) {
      edge(ctx, "app", "orchestration", trip === 1 ? "InvokeAgent" : "InvokeAgent + results");
      const answer = await invokeAgent(ctx, bedrockSessionId, trip === 1 ? ctx.input : undefined, sessionState);
      if (!answer.returnControl) return answer.text;
      edge(ctx, "orchestration", "app", "return of control");
      control = answer.returnControl;
    }
    const acted = await runActions(ctx, control, held);
    if (isPause(acted)) {
      const { next, results } = acted.hold.state as { next: number; results: InvocationResultMember[] };
      return new Pause({ ...acted.hold, state: { bedrockSessionId, trip, control, next, results } satisfies Held });
    }
    sessionState = { promptSessionAttributes, invocationId: control.invocationId, returnControlInvocationResults: acted };
  }
  ctx.emit({
    type: "error",
    node: "app",
    code: "loop_cap",
    message: `The agent still wanted actions after ${MAX_ROUND_TRIPS} round trips; the app stopped it.`,
    retryable: false,
  });
  return `I stopped after ${MAX_ROUND_TRIPS} round trips with the agent without reaching an answer, so I did not finish. Could you rephrase the request?`;
}

/**
 * One InvokeAgent call: streams the reply's bytes to the member and the trace onto the managed
 * nodes. Retried like any model call on transient faults, unless part of the reply already went out.
 */
async function invokeAgent(ctx: RunContext, sessionId: string, inputText: string | undefined, sessionState: SessionState) {
  const { agentId, agentAliasId } = ctx.clients.agent;
  let spoke = false;
  // One InvokeAgent spans several model calls inside AWS, so it gets several model calls' time.
  const timeoutMs = env().LLM_TIMEOUT_MS * 4;
  return withRetries(
    ctx,
    "orchestration",
    "bedrock",
    async (signal) => {
      const phases = new AgentTrace(ctx);
      const decoder = new TextDecoder();
      let text = "";
      let returnControl: ReturnControlPayload | undefined;
      try {
        const res = await ctx.clients.bedrockAgent.send(
          new InvokeAgentCommand({ agentId, agentAliasId, sessionId, inputText, sessionState, enableTrace: true }),
          { abortSignal: signal },
        );
        for await (const event of res.completion ?? []) {
          if (event.trace?.trace) phases.take(event.trace.trace);
          if (event.returnControl) returnControl = event.returnControl;
          if (event.chunk?.bytes) {
            const delta = decoder.decode(event.chunk.bytes, { stream: true });
            text += delta;
            spoke = true;
            ctx.emit({ type: "message.delta", text: delta });
          }
        }
        phases.finish(true);
        return { text, returnControl };
      } catch (error) {
        phases.finish(false);
        throw error;
      }
    },
    { timeoutMs, mayRetry: () => !spoke },
  );
}

/**
 * Executes what the agent asked for, bound to the session's member, and words the results for
 * Bedrock. An action Bedrock asks to confirm (requireConfirmation) goes back with its confirmation
 * state: in approval mode the member's, so the run stops there and asks; otherwise the app confirms
 * the request the member made.
 */
async function runActions(ctx: RunContext, control: ReturnControlPayload, resuming?: Resuming): Promise<InvocationResultMember[] | Pause> {
  const results: InvocationResultMember[] = [...(resuming?.results ?? [])];
  // The action group is defined by functions, so every invocation is a function invocation.
  const inputs = withinTurnCap(control.invocationInputs ?? []);
  for (let i = resuming?.next ?? 0; i < inputs.length; i++) {
    const call = inputs[i].functionInvocationInput;
    if (!call) continue;
    const name = call.function ?? "";
    if (beyondTurnCap(i)) {
      decide(ctx, "app", "code", REFUSE_BEYOND_CAP);
      results.push({
        functionResult: {
          actionGroup: call.actionGroup,
          function: name,
          responseBody: { TEXT: { body: outcomeText(TOO_MANY_TOOL_CALLS) } },
        },
      });
      break;
    }
    const args = Object.fromEntries((call.parameters ?? []).map((p) => [p.name, p.value]));
    const confirm = call.actionInvocationType === "USER_CONFIRMATION" || call.actionInvocationType === "USER_CONFIRMATION_AND_RESULT";
    const decision = resuming && i === resuming.next ? resuming.decision : undefined;
    if (confirm && !decision && isToolName(name) && needsApproval(ctx, name)) {
      decide(ctx, "app", "code", `Bedrock asks to confirm ${name}: ask the member`);
      return new Pause({ node: "app", tool: name, args, summary: summarise(name, args), heldBy: HELD_BY, state: { next: i, results } });
    }
    if (confirm)
      decide(
        ctx,
        "app",
        "code",
        decision ? `${decision.approved ? "CONFIRM" : "DENY"} ${name}: the member's decision` : `CONFIRM ${name}: the member asked for it`,
      );
    const outcome =
      decision && !decision.approved
        ? declinedOutcome(decision)
        : isToolName(name)
          ? await callTool(ctx, name, args, `${control.invocationId}-${i}`)
          : { ok: false as const, error: { code: "unknown_tool", message: `There is no function called "${name}".` } };
    const confirmationState = confirm ? (decision && !decision.approved ? "DENY" : "CONFIRM") : undefined;
    results.push({
      functionResult: {
        actionGroup: call.actionGroup,
        function: name,
        ...(confirmationState ? { confirmationState } : {}),
        responseBody: { TEXT: { body: outcomeText(outcome) } },
      },
    });
  }
  return results;
}
// endregion app

// region orchestration
type ModelInput = { traceId?: string; text?: string; foundationModel?: string };
type ModelOutput = {
  traceId?: string;
  rawResponse?: { content?: string };
  parsedResponse?: { text?: string; rationale?: string; isValid?: boolean };
  metadata?: { usage?: { inputTokens?: number; outputTokens?: number } };
};

/**
 * Bedrock's trace parts on the managed nodes, as the agent reports them: each phase
 * (pre-processing, orchestration, post-processing) is a node that runs until the next phase starts;
 * a model invocation it reports is an llm call with the usage it reports (none reported, none
 * counted); a choice it reports is a decision by "aws".
 */
export class AgentTrace {
  private current?: { node: string; started: number };
  private readonly modelCalls = new Map<string, number>();

  constructor(private readonly ctx: RunContext) {}

  take(trace: Trace): void {
    if (trace.preProcessingTrace) {
      const { modelInvocationInput: input, modelInvocationOutput: output } = trace.preProcessingTrace;
      this.model("pre-processing", input, output);
      const verdict = output?.parsedResponse;
      if (typeof verdict?.isValid === "boolean")
        decide(
          this.ctx,
          "pre-processing",
          "aws",
          `${verdict.isValid ? "accept" : "reject"} the input${verdict.rationale ? `: ${verdict.rationale}` : ""}`,
        );
    } else if (trace.orchestrationTrace) {
      const step = trace.orchestrationTrace;
      this.model("orchestration", step.modelInvocationInput, step.modelInvocationOutput);
      if (step.rationale?.text) this.ctx.emit({ type: "state", node: "orchestration", state: { rationale: step.rationale.text } });
      const action = step.invocationInput?.actionGroupInvocationInput;
      if (action)
        decide(
          this.ctx,
          "orchestration",
          "aws",
          `${action.function}(${(action.parameters ?? []).map((p) => `${p.name}=${p.value}`).join(", ")})`,
        );
      if (step.observation?.finalResponse) decide(this.ctx, "orchestration", "aws", "answer the member");
    } else if (trace.postProcessingTrace) {
      const { modelInvocationInput: input, modelInvocationOutput: output } = trace.postProcessingTrace;
      this.model("post-processing", input, output);
    } else if (trace.failureTrace) {
      this.ctx.emit({
        type: "error",
        node: this.current?.node ?? "orchestration",
        code: "vendor_error",
        message: `The Bedrock agent failed: ${trace.failureTrace.failureReason ?? "no reason given"}`,
        retryable: false,
      });
    }
  }

  /** Ends the phase that was running when the stream ended (or broke). */
  finish(ok: boolean): void {
    if (!this.current) return;
    this.ctx.emit({ type: "node.end", node: this.current.node, ok, ms: Math.round(performance.now() - this.current.started) });
    this.current = undefined;
  }

  private enter(node: string): void {
    if (this.current?.node === node) return;
    const previous = this.current?.node;
    this.finish(true);
    if (previous) edge(this.ctx, previous, node);
    this.current = { node, started: performance.now() };
    this.ctx.emit({ type: "node.start", node });
  }

  private model(node: string, input: ModelInput | undefined, output: ModelOutput | undefined): void {
    this.enter(node);
    if (input) {
      this.modelCalls.set(input.traceId ?? node, performance.now());
      const tools = node === "orchestration" ? AGENT_FUNCTIONS : [];
      this.ctx.emit({
        type: "llm.request",
        node,
        vendor: "bedrock",
        model: input.foundationModel ?? this.ctx.clients.models.bedrock,
        live: this.ctx.clients.agent.mode === "live",
        messages: [{ role: "prompt", text: input.text ?? "" }],
        tools,
      });
    }
    if (output) {
      const started = this.modelCalls.get(output.traceId ?? node) ?? performance.now();
      const usage: Usage = {
        inputTokens: output.metadata?.usage?.inputTokens ?? 0,
        outputTokens: output.metadata?.usage?.outputTokens ?? 0,
        ...(this.ctx.clients.agent.mode === "live" ? {} : { estimated: true }),
      };
      const text = output.rawResponse?.content ?? output.parsedResponse?.text ?? output.parsedResponse?.rationale;
      this.ctx.emit({ type: "llm.response", node, text, usage, ms: Math.round(performance.now() - started) });
    }
  }
}
// endregion orchestration
