/**
 * G's booking agent service (default Claude, tool use through the kit's chat): it books the one slot
 * the manager's task names, or lists or cancels the member's own bookings, and reports back. It runs
 * D's loop (../d.ts) on its own node, with its three tools and a smaller cap; in approval mode it
 * hands the held loop back to the manager over HTTP and keeps nothing. The member it acts for comes
 * from the signed token, whatever the task says.
 */
import { z } from "zod";
import { serve } from "@/lib/services/envelope";
import type { ServiceOutput } from "@/lib/services/contract";
import { loop, type HeldLoop, type ToolLoop } from "../d";
import { decide } from "../kit/context";
import { ChatMessage } from "../kit/messages";
import { clubFacts } from "../kit/prompts";
import { BOOKING_AGENT } from "./contracts";
import { patternG } from "./manager";

/** Enough for a booking, or a look at the member's bookings and a cancellation, and the report; a model still calling tools after that is stopped. */
export const MAX_ROUNDS = 4;

type Interruption = Extract<ServiceOutput<typeof BOOKING_AGENT>, { interruption: unknown }>;

const BOOKING_LOOP: ToolLoop<Interruption> = {
  node: "booking-agent",
  // Booking, and the member's own bookings. Never availability.
  tools: ["book_slot", "my_bookings", "cancel_booking"],
  system: () =>
    `You are the club's booking service; a booking manager sends you tasks.\n${clubFacts()}\nBook exactly the one slot_id in the task with book_slot, then report the result in one sentence; if it fails, say why. Asked for the member's bookings, call my_bookings and list them. Asked to cancel one, find it with my_bookings and cancel it with cancel_booking; if several fit, ask which. Never show booking ids.`,
  maxRounds: MAX_ROUNDS,
  reportsTo: "manager",
  // Approval mode: the loop's state goes back to the caller over HTTP; this service keeps nothing.
  hold: (ctx, { tool, args }, state) => {
    decide(ctx, "booking-agent", "code", `hold ${tool} for the member's approval: hand the loop's state back to the manager`);
    return { interruption: { tool, args: (args ?? {}) as Record<string, unknown>, state: JSON.stringify(state) } };
  },
  capped: (ctx) => {
    ctx.emit({
      type: "error",
      node: "booking-agent",
      code: "loop_cap",
      message: `The booking agent was still calling tools after ${MAX_ROUNDS} rounds.`,
      retryable: false,
    });
    return "The booking agent did not finish; check your bookings before trying again.";
  },
};

export const bookingAgentService = serve(BOOKING_AGENT, patternG, async (ctx, { task, resume }) => {
  // region booking-agent
  const held = resume && Held.parse(JSON.parse(resume.state));
  const end = await loop(
    ctx,
    BOOKING_LOOP,
    held ? held.messages : [{ role: "user", text: task }],
    held && { round: held.round, next: held.next, decision: { approved: resume.approved, reason: resume.reason } },
  );
  return typeof end === "string" ? { answer: end } : end;
  // endregion booking-agent
});

/** The held loop as this service hands it out and takes it back, parsed at the boundary. */
const Held = z.object({
  messages: z.array(ChatMessage).min(1).max(40),
  round: z.number().int().min(1).max(MAX_ROUNDS),
  next: z.number().int().min(0),
}) satisfies z.ZodType<HeldLoop>;
