import { patternG } from "@/lib/patterns/g";
import { chat, type ChatMessage } from "@/lib/patterns/kit/chat";
import { callTool, decide, vendorOf } from "@/lib/patterns/kit/context";
import { clubFacts } from "@/lib/patterns/kit/prompts";
import { outcomeText, toolDefinitions } from "@/lib/patterns/kit/tools";
import { serve } from "./envelope";

/** Enough for a booking and its report; a model still calling tools after that is stopped. */
const MAX_ROUNDS = 3;

/**
 * G's booking agent (default Claude, tool use through the kit's chat): it books the one slot the
 * manager's task names and reports back. It holds only book_slot, and the member it books for comes
 * from the signed token, whatever the task says.
 */
export const bookingAgentService = serve("booking-agent", patternG, async (ctx, { task }) => {
  const messages: ChatMessage[] = [{ role: "user", text: task }];
  const system = `You are the club's booking service; a booking manager sends you tasks.\n${clubFacts()}\nBook exactly the one slot_id in the task with book_slot, then report the result in one sentence; if it fails, say why.`;
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const answer = await chat(ctx, { node: "booking-agent", vendor: vendorOf(ctx, "booking-agent"), system, messages, tools: toolDefinitions(["book_slot"]) });
    messages.push({ role: "assistant", text: answer.text, toolCalls: answer.toolCalls });
    decide(ctx, "booking-agent", "llm", answer.toolCalls.length ? answer.toolCalls.map((c) => `${c.name}(${JSON.stringify(c.args)})`).join(", ") : "report back to manager");
    if (!answer.toolCalls.length) return { answer: answer.text };
    for (const call of answer.toolCalls) {
      const outcome = call.name === "book_slot" ? await callTool(ctx, "booking-agent", "book_slot", call.args, call.id) : { ok: false as const, error: { code: "unknown_tool", message: "This service has one tool: book_slot." } };
      messages.push({ role: "tool", callId: call.id, name: call.name, content: outcomeText(outcome) });
    }
  }
  ctx.emit({ type: "error", node: "booking-agent", code: "loop_cap", message: `The booking agent was still calling tools after ${MAX_ROUNDS} rounds.`, retryable: false });
  return { answer: "The booking agent did not finish; check your bookings before trying again." };
});
