/**
 * H — Managed agent (AWS Bedrock Agents). AWS runs the whole loop — pre-processing, orchestration,
 * post-processing — and hands each action back to your code by return of control, so the club's
 * functions still run here with the member's identity. Use it when you want a hosted agent runtime
 * and keep your data and side effects in your own code.
 */
import { randomUUID } from "node:crypto";
import { InvokeAgentCommand, type InvocationResultMember, type ReturnControlPayload, type SessionState, type Trace } from "@aws-sdk/client-bedrock-agent-runtime";
import { env } from "@/lib/env";
import type { Usage } from "@/lib/trace/events";
import { AGENT_FUNCTIONS } from "./bedrock-agent-setup";
import { withRetries } from "./kit/chat";
import { callTool, decide, edge, say, step, type Pattern, type RunContext } from "./kit/context";
import { clubFacts } from "./kit/prompts";
import { isToolName, outcomeText } from "./kit/tools";
import { graph } from "./graph";

type Conversation = { bedrockSessionId: string | null };
export const MAX_ROUND_TRIPS = 8;

export const patternH: Pattern<Conversation> = {
  id: "H",
  name: "Bedrock Agent",
  style: "Managed agent (AWS)",
  runtime: "managed",
  decides: "AWS runs the loop; actions return to your code",
  decider: "aws",
  vendors: { orchestration: "bedrock" },
  source: "lib/patterns/h.ts",
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
  initialState: () => ({ bedrockSessionId: null }),

  // region app
  async run(ctx) {
    // The session lives with AWS, addressed by this id alone: a random one, kept in H's state and
    // never shown, so nothing a run reveals (its app session id, say) leads to the conversation.
    const bedrockSessionId = ctx.state.bedrockSessionId ?? randomUUID();
    edge(ctx, "user", "app", "message");
    const reply = await step(ctx, "app", async () => {
      // Prompt session attributes last for one InvokeAgent only, so the date and the club facts go with every call.
      const promptSessionAttributes = { club: clubFacts() };
      let sessionState: SessionState = { promptSessionAttributes };
      for (let trip = 1; trip <= MAX_ROUND_TRIPS; trip++) {
        edge(ctx, "app", "orchestration", trip === 1 ? "InvokeAgent" : "InvokeAgent + results");
        const answer = await invokeAgent(ctx, bedrockSessionId, trip === 1 ? ctx.input : undefined, sessionState);
        if (!answer.returnControl) return answer.text;
        edge(ctx, "orchestration", "app", "return of control");
        sessionState = { promptSessionAttributes, invocationId: answer.returnControl.invocationId, returnControlInvocationResults: await runActions(ctx, answer.returnControl) };
      }
      ctx.emit({ type: "error", node: "app", code: "loop_cap", message: `The agent still wanted actions after ${MAX_ROUND_TRIPS} round trips; the app stopped it.`, retryable: false });
      return `I stopped after ${MAX_ROUND_TRIPS} round trips with the agent without reaching an answer, so I did not finish. Could you rephrase the request?`;
    });
    edge(ctx, "app", "user", "reply");
    say(ctx, reply);
    return { bedrockSessionId };
  },
};

/**
 * One InvokeAgent call: streams the reply's bytes to the member and the trace onto the managed
 * nodes. Retried like any model call on transient faults, unless part of the reply already went out.
 */
async function invokeAgent(ctx: RunContext, sessionId: string, inputText: string | undefined, sessionState: SessionState) {
  const { agentId, agentAliasId } = ctx.clients.agent;
  let spoke = false;
  // One InvokeAgent spans several model calls inside AWS, so it gets several model calls' time.
  const timeoutMs = env().LLM_TIMEOUT_MS * 4;
  return withRetries(ctx, "orchestration", "bedrock", async (signal) => {
    const phases = new AgentTrace(ctx);
    const decoder = new TextDecoder();
    let text = "";
    let returnControl: ReturnControlPayload | undefined;
    try {
      const res = await ctx.clients.bedrockAgent.send(new InvokeAgentCommand({ agentId, agentAliasId, sessionId, inputText, sessionState, enableTrace: true }), { abortSignal: signal });
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
  }, { timeoutMs, mayRetry: () => !spoke });
}

/** Executes what the agent asked for, bound to the session's member, and words the results for Bedrock. */
async function runActions(ctx: RunContext, control: ReturnControlPayload): Promise<InvocationResultMember[]> {
  const results: InvocationResultMember[] = [];
  // The action group is defined by functions, so every invocation is a function invocation.
  for (const [i, input] of (control.invocationInputs ?? []).entries()) {
    const call = input.functionInvocationInput;
    if (!call) continue;
    const name = call.function ?? "";
    const args = Object.fromEntries((call.parameters ?? []).map((p) => [p.name, p.value]));
    const outcome = isToolName(name)
      ? await callTool(ctx, "app", name, args, `${control.invocationId}-${i}`)
      : { ok: false as const, error: { code: "unknown_tool", message: `There is no function called "${name}".` } };
    results.push({ functionResult: { actionGroup: call.actionGroup, function: name, responseBody: { TEXT: { body: outcomeText(outcome) } } } });
  }
  return results;
}
// endregion app

// region orchestration
type ModelInput = { traceId?: string; text?: string; foundationModel?: string };
type ModelOutput = { traceId?: string; rawResponse?: { content?: string }; parsedResponse?: { text?: string; rationale?: string; isValid?: boolean }; metadata?: { usage?: { inputTokens?: number; outputTokens?: number } } };

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
      if (typeof verdict?.isValid === "boolean") decide(this.ctx, "pre-processing", "aws", `${verdict.isValid ? "accept" : "reject"} the input${verdict.rationale ? `: ${verdict.rationale}` : ""}`);
    } else if (trace.orchestrationTrace) {
      const step = trace.orchestrationTrace;
      this.model("orchestration", step.modelInvocationInput, step.modelInvocationOutput);
      if (step.rationale?.text) this.ctx.emit({ type: "state", node: "orchestration", state: { rationale: step.rationale.text } });
      const action = step.invocationInput?.actionGroupInvocationInput;
      if (action) decide(this.ctx, "orchestration", "aws", `${action.function}(${(action.parameters ?? []).map((p) => `${p.name}=${p.value}`).join(", ")})`);
      if (step.observation?.finalResponse) decide(this.ctx, "orchestration", "aws", "answer the member");
    } else if (trace.postProcessingTrace) {
      const { modelInvocationInput: input, modelInvocationOutput: output } = trace.postProcessingTrace;
      this.model("post-processing", input, output);
    } else if (trace.failureTrace) {
      this.ctx.emit({ type: "error", node: this.current?.node ?? "orchestration", code: "vendor_error", message: `The Bedrock agent failed: ${trace.failureTrace.failureReason ?? "no reason given"}`, retryable: false });
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
      this.ctx.emit({ type: "llm.request", node, vendor: "bedrock", model: input.foundationModel ?? this.ctx.clients.models.bedrock, live: this.ctx.clients.agent.mode === "live", messages: [{ role: "prompt", text: input.text ?? "" }], tools });
    }
    if (output) {
      const started = this.modelCalls.get(output.traceId ?? node) ?? performance.now();
      const usage: Usage = { inputTokens: output.metadata?.usage?.inputTokens ?? 0, outputTokens: output.metadata?.usage?.outputTokens ?? 0, ...(this.ctx.clients.agent.mode === "live" ? {} : { estimated: true }) };
      const text = output.rawResponse?.content ?? output.parsedResponse?.text ?? output.parsedResponse?.rationale;
      this.ctx.emit({ type: "llm.response", node, text, usage, ms: Math.round(performance.now() - started) });
    }
  }
}
// endregion orchestration
