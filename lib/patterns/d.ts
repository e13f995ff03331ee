/**
 * D — Function calling, your loop. The LLM suggests which tool to call; your code validates the
 * arguments, executes, feeds results back and decides whether to go round again, up to a cap.
 * Control is shared: the model picks the next action, the loop keeps the limits. Use it when the
 * path varies per request but you want every tool call to pass through your code.
 */
import { declinedOutcome, isPause, needsApproval, Pause, summarise, type Decision } from "./kit/approval";
import { z } from "zod";
import { chat, trimHistory } from "./kit/chat";
import { callTool, decide, reply, step, type Pattern, type RunContext } from "./kit/context";
import { ChatMessage, type ToolCall } from "./kit/messages";
import { assistantInstructions } from "./kit/prompts";
import { isToolName, outcomeText, toolDefinitions, type ToolName } from "./kit/tools";
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
  source: "lib/patterns/d.ts",
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
    return step(ctx, "loop", async () => answer(ctx, messages, await loop(ctx, messages, 1)), { label: "message" });
  },

  // The held tool call is the last assistant message's call number `next`; the decision settles it, then the loop goes on.
  async resume(ctx, held, decision) {
    const { messages, round, next } = held as Held;
    return step(ctx, "loop", async () => answer(ctx, messages, await loop(ctx, messages, round, { next, decision })));
  },
  // endregion loop
};

type Held = { messages: ChatMessage[]; round: number; next: number };
const HELD_BY = "your loop's pending tool call (messages + call), serialised in the database";

async function loop(
  ctx: RunContext<Conversation>,
  messages: ChatMessage[],
  first: number,
  resumed?: { next: number; decision: Decision },
): Promise<string | Pause> {
  const tools = toolDefinitions();
  for (let round = first; round <= MAX_ROUNDS; round++) {
    const held = resumed && round === first ? resumed : undefined;
    let calls: ToolCall[];
    if (held) {
      calls = messages.findLast((m) => m.role === "assistant")?.toolCalls ?? [];
    } else {
      ctx.emit({ type: "state", node: "loop", state: { round, maxRounds: MAX_ROUNDS } });
      const answer = await step(ctx, "llm", () => chat(ctx, { system: assistantInstructions(), messages, tools, reply: true }), {
        label: `round ${round}`,
      });
      messages.push({ role: "assistant", text: answer.text, toolCalls: answer.toolCalls });
      if (answer.toolCalls.length === 0) {
        decide(ctx, "llm", "llm", "answer the member");
        return answer.text;
      }
      decide(ctx, "llm", "llm", answer.toolCalls.map((c) => `${c.name}(${JSON.stringify(c.args)})`).join(", "));
      calls = answer.toolCalls;
    }
    for (let i = held?.next ?? 0; i < calls.length; i++) {
      const call = calls[i];
      const decision = held && i === held.next ? held.decision : undefined;
      if (!decision && needsApproval(ctx, call.name)) {
        decide(ctx, "loop", "code", `hold ${call.name} for the member's approval`);
        return new Pause({
          node: "loop",
          tool: call.name as ToolName,
          args: call.args,
          summary: summarise(call.name, call.args),
          heldBy: HELD_BY,
          state: { messages, round, next: i } satisfies Held,
        });
      }
      const known = isToolName(call.name);
      decide(
        ctx,
        "loop",
        "code",
        decision
          ? `${decision.approved ? "approved: execute" : "declined: skip"} ${call.name}`
          : known
            ? `execute ${call.name}`
            : `reject unknown tool ${call.name}`,
      );
      const outcome =
        decision && !decision.approved
          ? declinedOutcome(decision)
          : isToolName(call.name)
            ? await callTool(ctx, call.name, call.args, call.id)
            : { ok: false as const, error: { code: "unknown_tool", message: `There is no tool called "${call.name}".` } };
      messages.push({ role: "tool", callId: call.id, name: call.name, content: outcomeText(outcome) });
    }
    decide(ctx, "loop", "code", round < MAX_ROUNDS ? "continue: send results back" : "stop: round cap reached");
  }
  ctx.emit({
    type: "error",
    node: "loop",
    code: "loop_cap",
    message: `The model was still calling tools after ${MAX_ROUNDS} rounds; the loop stopped it.`,
    retryable: false,
  });
  return `I stopped after ${MAX_ROUNDS} rounds of tool calls without reaching an answer, so I did not finish. Could you rephrase the request?`;
}

/** The turn's end: the reply to the member and the trimmed conversation, or the pause to hold. */
function answer(ctx: RunContext<Conversation>, messages: ChatMessage[], text: string | Pause): Conversation | Pause {
  if (isPause(text)) return text;
  reply(ctx, text);
  const last = messages.at(-1);
  if (last?.role !== "assistant" || last.toolCalls?.length) messages.push({ role: "assistant", text });
  return { messages: trimHistory(messages, KEEP_MESSAGES) };
}
