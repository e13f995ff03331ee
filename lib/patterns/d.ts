/**
 * D — Function calling, your loop. The LLM suggests which tool to call; your code validates the
 * arguments, executes, feeds results back and decides whether to go round again, up to a cap.
 * Control is shared: the model picks the next action, the loop keeps the limits. Use it when the
 * path varies per request but you want every tool call to pass through your code.
 */
import { z } from "zod";
import {
  declinedOutcome,
  isApprovalTool,
  isPause,
  needsApproval,
  Pause,
  summarise,
  type ApprovalTool,
  type Decision,
} from "./kit/approval";
import { chat, trimHistory } from "./kit/chat";
import { callTool, decide, reply, step, type Pattern, type RunContext } from "./kit/context";
import { ChatMessage, type ToolCall } from "./kit/messages";
import { assistantInstructions } from "./kit/prompts";
import {
  beyondTurnCap,
  outcomeText,
  REFUSE_BEYOND_CAP,
  TOO_MANY_TOOL_CALLS,
  TOOL_NAMES,
  toolDefinitions,
  type ToolName,
} from "./kit/tools";
import { graph } from "./graph";

const Conversation = z.object({ messages: z.array(ChatMessage) });
type Conversation = z.infer<typeof Conversation>;
export const MAX_ROUNDS = 8;
const KEEP_MESSAGES = 40;

export const patternD: Pattern<Conversation> = {
  id: "D",
  name: "Function calling",
  style: "Function calling, your loop",
  runtime: "shared",
  decides: "The LLM suggests tools; your loop executes and decides to continue",
  decider: "llm",
  vendors: { llm: "openai" },
  vendorChoices: { llm: ["openai", "anthropic", "bedrock"] },
  sources: ["lib/patterns/d.ts"],
  graph: graph({
    nodes: [
      { id: "user", kind: "user", label: "Member", at: [0, 1] },
      { id: "loop", kind: "code", label: "Your loop", at: [1, 1], detail: `max ${MAX_ROUNDS} rounds` },
      { id: "llm", kind: "llm", label: "LLM", at: [2, 0], detail: "suggests tools" },
      { id: "check", kind: "tool", label: "check_availability", at: [2, 1.2] },
      { id: "book", kind: "tool", label: "book_slot", at: [2, 2.2] },
      { id: "mine", kind: "tool", label: "my_bookings", at: [3, 1.2] },
      { id: "cancel", kind: "tool", label: "cancel_booking", at: [3, 2.2] },
      { id: "db", kind: "db", label: "Bookings DB", at: [3, 0.2] },
    ],
    edges: [
      { from: "user", to: "loop" },
      { from: "loop", to: "llm", label: "messages + tools" },
      { from: "llm", to: "loop", label: "tool calls" },
      { from: "loop", to: "check" },
      { from: "loop", to: "book" },
      { from: "loop", to: "mine" },
      { from: "loop", to: "cancel" },
      { from: "check", to: "db" },
      { from: "book", to: "db" },
      { from: "mine", to: "db" },
      { from: "cancel", to: "db" },
      { from: "loop", to: "user", label: "reply" },
    ],
  }),
  stateSchema: Conversation,
  initialState: () => ({ messages: [] }),

  // region loop
  async run(ctx) {
    const messages: ChatMessage[] = [...ctx.state.messages, { role: "user", text: ctx.input }];
    return step(ctx, "loop", async () => answer(ctx, messages, await loop(ctx, YOUR_LOOP, messages)), { label: "message" });
  },

  // The held tool call is the last assistant message's call number `next`; the decision settles it, then the loop goes on.
  async resume(ctx, held, decision) {
    const { messages, round, next } = held as HeldLoop;
    return step(ctx, "loop", async () => answer(ctx, messages, await loop(ctx, YOUR_LOOP, messages, { round, next, decision })));
  },
  // endregion loop
};

/**
 * Your loop, as a value: who runs it, with which tools, under which cap, and how it holds a call
 * for the member's approval. D runs it for the member; G's booking agent runs the same loop behind
 * HTTP (g/booking-agent.ts), on its own node, and hands a held loop back to its caller.
 */
export type ToolLoop<Held> = {
  /** The code node that executes the calls and keeps the limits. */
  node: string;
  /**
   * The model's own node (D's `llm`): each round shows on the graph (the round count, the step into
   * the model, the decision to go round again). Without one, the rounds stay inside `node`.
   */
  llm?: string;
  tools: ToolName[];
  system: () => string;
  maxRounds: number;
  /** Whom the last answer goes to: the member (streamed to the chat), or the agent that sent the task. */
  reportsTo?: string;
  /** How a call held for the member's approval leaves the loop: D pauses the run; G's service hands the loop back over HTTP. */
  hold: (ctx: RunContext, call: { tool: ApprovalTool; args: unknown }, state: HeldLoop) => Held;
  /** What the loop answers when the model is still calling tools at the cap. */
  capped: (ctx: RunContext) => string;
};

/** A loop held for the member's approval: the messages so far, and the held call, the last assistant message's call `next`. */
export type HeldLoop = { messages: ChatMessage[]; round: number; next: number };
const HELD_BY = "your loop's pending tool call (messages + call), serialised in the database";

const YOUR_LOOP: ToolLoop<Pause> = {
  node: "loop",
  llm: "llm",
  tools: TOOL_NAMES,
  system: assistantInstructions,
  maxRounds: MAX_ROUNDS,
  hold: (ctx, { tool, args }, state) => {
    decide(ctx, "loop", "code", `hold ${tool} for the member's approval`);
    return new Pause({ node: "loop", tool, args, summary: summarise(tool, args), heldBy: HELD_BY, state });
  },
  capped: (ctx) => {
    ctx.emit({
      type: "error",
      node: "loop",
      code: "loop_cap",
      message: `The model was still calling tools after ${MAX_ROUNDS} rounds; the loop stopped it.`,
      retryable: false,
    });
    return `I stopped after ${MAX_ROUNDS} rounds of tool calls without reaching an answer, so I did not finish. Could you rephrase the request?`;
  },
};

/** The model suggests, your code decides: execute, hold, reject or stop. `from` continues a held loop with the member's decision. */
export async function loop<Held>(
  ctx: RunContext,
  spec: ToolLoop<Held>,
  messages: ChatMessage[],
  from?: { round: number; next: number; decision: Decision },
): Promise<string | Held> {
  for (let round = from?.round ?? 1; round <= spec.maxRounds; round++) {
    const held = from && round === from.round ? from : undefined;
    let calls: ToolCall[];
    if (held) {
      calls = messages.findLast((m) => m.role === "assistant")?.toolCalls ?? [];
    } else {
      const answer = await suggest(ctx, spec, messages, round);
      messages.push({ role: "assistant", text: answer.text, toolCalls: answer.toolCalls });
      if (answer.toolCalls.length === 0) {
        decide(ctx, spec.llm ?? spec.node, "llm", spec.reportsTo ? `report back to ${spec.reportsTo}` : "answer the member");
        return answer.text;
      }
      decide(ctx, spec.llm ?? spec.node, "llm", answer.toolCalls.map((c) => `${c.name}(${JSON.stringify(c.args)})`).join(", "));
      calls = answer.toolCalls;
    }
    for (let i = held?.next ?? 0; i < calls.length; i++) {
      const call = calls[i];
      // The model's answer holds at most one call beyond the cap (chat() cut the rest): it is refused, and told why.
      if (beyondTurnCap(i)) {
        decide(ctx, spec.node, "code", REFUSE_BEYOND_CAP);
        messages.push({ role: "tool", callId: call.id, name: call.name, content: outcomeText(TOO_MANY_TOOL_CALLS) });
        break;
      }
      const decision = held && i === held.next ? held.decision : undefined;
      const tool = spec.tools.find((name) => name === call.name);
      if (tool && isApprovalTool(tool) && !decision && needsApproval(ctx, tool))
        return spec.hold(ctx, { tool, args: call.args }, { messages, round, next: i });
      decide(
        ctx,
        spec.node,
        "code",
        decision
          ? `${decision.approved ? "approved: execute" : "declined: skip"} ${call.name}`
          : tool
            ? `execute ${tool}`
            : `reject unknown tool ${call.name}`,
      );
      const outcome =
        decision && !decision.approved
          ? declinedOutcome(decision)
          : tool
            ? await callTool(ctx, tool, call.args, call.id)
            : {
                ok: false as const,
                error: {
                  code: "unknown_tool",
                  message: `There is no tool called "${call.name}"; the tools here are ${spec.tools.join(", ")}.`,
                },
              };
      messages.push({ role: "tool", callId: call.id, name: call.name, content: outcomeText(outcome) });
    }
    if (spec.llm) decide(ctx, spec.node, "code", round < spec.maxRounds ? "continue: send results back" : "stop: round cap reached");
  }
  return spec.capped(ctx);
}

/** One round's suggestion from the model; a loop whose model has its own node steps into it, round by round. */
async function suggest(ctx: RunContext, spec: ToolLoop<unknown>, messages: ChatMessage[], round: number) {
  const ask = () => chat(ctx, { system: spec.system(), messages, tools: toolDefinitions(spec.tools), reply: !spec.reportsTo });
  if (!spec.llm) return ask();
  ctx.emit({ type: "state", node: spec.node, state: { round, maxRounds: spec.maxRounds } });
  return step(ctx, spec.llm, ask, { label: `round ${round}` });
}

/** The turn's end: the reply to the member and the trimmed conversation, or the pause to hold. */
function answer(ctx: RunContext<Conversation>, messages: ChatMessage[], text: string | Pause): Conversation | Pause {
  if (isPause(text)) return text;
  reply(ctx, text);
  const last = messages.at(-1);
  if (last?.role !== "assistant" || last.toolCalls?.length) messages.push({ role: "assistant", text });
  return { messages: trimHistory(messages, KEEP_MESSAGES) };
}
