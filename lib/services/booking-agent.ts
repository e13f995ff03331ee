import { z } from "zod";
import { patternG } from "@/lib/patterns/g";
import { declinedOutcome, needsApproval } from "@/lib/patterns/kit/approval";
import { chat } from "@/lib/patterns/kit/chat";
import type { ChatMessage } from "@/lib/patterns/kit/messages";
import { callTool, decide } from "@/lib/patterns/kit/context";
import { clubFacts } from "@/lib/patterns/kit/prompts";
import { outcomeText, toolDefinitions, type ToolName } from "@/lib/patterns/kit/tools";
import { serve } from "./envelope";

/** Enough for a booking, or a look at the member's bookings and a cancellation, and the report; a model still calling tools after that is stopped. */
export const MAX_ROUNDS = 4;
/** The booking specialist's tools: booking, and the member's own bookings. Never availability. */
const TOOLS: ToolName[] = ["book_slot", "my_bookings", "cancel_booking"];

/**
 * G's booking agent (default Claude, tool use through the kit's chat): it books the one slot the
 * manager's task names, or lists or cancels the member's own bookings, and reports back. The member
 * it acts for comes from the signed token, whatever the task says.
 */
export const bookingAgentService = serve("booking-agent", patternG, async (ctx, { task, resume }) => {
  const held = resume ? HeldLoop.parse(JSON.parse(resume.state)) : undefined;
  const messages: ChatMessage[] = held ? (held.messages as ChatMessage[]) : [{ role: "user", text: task }];
  const system = `You are the club's booking service; a booking manager sends you tasks.\n${clubFacts()}\nBook exactly the one slot_id in the task with book_slot, then report the result in one sentence; if it fails, say why. Asked for the member's bookings, call my_bookings and list them. Asked to cancel one, find it with my_bookings and cancel it with cancel_booking; if several fit, ask which. Never show booking ids.`;
  for (let round = held?.round ?? 1; round <= MAX_ROUNDS; round++) {
    const resuming =
      held && round === held.round ? { next: held.next, decision: { approved: resume!.approved, reason: resume!.reason } } : undefined;
    let calls = resuming ? (messages.findLast((m) => m.role === "assistant")?.toolCalls ?? []) : [];
    if (!resuming) {
      const answer = await chat(ctx, { system, messages, tools: toolDefinitions(TOOLS) });
      messages.push({ role: "assistant", text: answer.text, toolCalls: answer.toolCalls });
      decide(
        ctx,
        "booking-agent",
        "llm",
        answer.toolCalls.length ? answer.toolCalls.map((c) => `${c.name}(${JSON.stringify(c.args)})`).join(", ") : "report back to manager",
      );
      if (!answer.toolCalls.length) return { answer: answer.text };
      calls = answer.toolCalls;
    }
    for (let i = resuming?.next ?? 0; i < calls.length; i++) {
      const call = calls[i];
      const offered = TOOLS.find((name) => name === call.name);
      const decision = resuming && i === resuming.next ? resuming.decision : undefined;
      // Approval mode: the loop's state goes back to the caller over HTTP; this service keeps nothing.
      if (offered && !decision && (offered === "book_slot" || offered === "cancel_booking") && needsApproval(ctx, offered)) {
        decide(ctx, "booking-agent", "code", `hold ${offered} for the member's approval: hand the loop's state back to the manager`);
        return {
          interruption: {
            tool: offered,
            args: (call.args ?? {}) as Record<string, unknown>,
            state: JSON.stringify({ messages, round, next: i } satisfies z.infer<typeof HeldLoop>),
          },
        };
      }
      decide(
        ctx,
        "booking-agent",
        "code",
        decision
          ? `${decision.approved ? "approved: execute" : "declined: skip"} ${call.name}`
          : offered
            ? `execute ${offered}`
            : `reject unknown tool ${call.name}`,
      );
      const outcome =
        decision && !decision.approved
          ? declinedOutcome(decision)
          : offered
            ? await callTool(ctx, offered, call.args, call.id)
            : {
                ok: false as const,
                error: { code: "unknown_tool", message: `This service has no tool "${call.name}"; it has ${TOOLS.join(", ")}.` },
              };
      messages.push({ role: "tool", callId: call.id, name: call.name, content: outcomeText(outcome) });
    }
  }
  ctx.emit({
    type: "error",
    node: "booking-agent",
    code: "loop_cap",
    message: `The booking agent was still calling tools after ${MAX_ROUNDS} rounds.`,
    retryable: false,
  });
  return { answer: "The booking agent did not finish; check your bookings before trying again." };
});

/** The loop's state as this service hands it out and takes it back: the messages, and the held call's place in them. */
const HeldLoop = z.object({
  messages: z.array(z.unknown()).min(1).max(40),
  round: z.number().int().min(1).max(MAX_ROUNDS),
  next: z.number().int().min(0),
});
