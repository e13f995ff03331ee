import { AppError } from "@/lib/errors";
import type { Booking } from "@/lib/domain/bookings";
import { patternC } from "@/lib/patterns/c";
import { chat } from "@/lib/patterns/kit/chat";
import { callTool, decide, edge, step, vendorOf } from "@/lib/patterns/kit/context";
import { clubFacts } from "@/lib/patterns/kit/prompts";
import { toolDefinitions } from "@/lib/patterns/kit/tools";
import { serve } from "./envelope";

/**
 * C's booking service (default Bedrock Converse). The model selects by calling book_slot; the
 * service executes only a slot the orchestrator offered, so a made-up slot books nothing.
 */
export const bookingService = serve("booking", patternC, async (ctx, { date, time, court, preferences, free_slots }) => {
  edge(ctx, "booking", "booking-llm");
  const answer = await step(ctx, "booking-llm", () => chat(ctx, {
    node: "booking-llm", vendor: vendorOf(ctx, "booking-llm"), tools: toolDefinitions(["book_slot"]),
    system: `You book one tennis court for a member of the club. ${clubFacts()}\nCall book_slot once, with the free slot that best fits the request: the named court first, then the preferences.`,
    messages: [{ role: "user", text: `Book a court on ${date} at ${time}${court ? `, Court ${court}` : ""}${preferences.length ? `, preferences: ${preferences.join(", ")}` : ""}.\nFree slots: ${JSON.stringify(free_slots)}` }],
  }));
  const chosen = answer.toolCalls.find((c) => c.name === "book_slot");
  const slotId = (chosen?.args as { slot_id?: unknown } | undefined)?.slot_id;
  const offered = free_slots.find((s) => s.slot_id === slotId);
  if (!chosen || !offered) {
    decide(ctx, "booking", "code", chosen ? `reject ${String(slotId)}: not offered` : "reject: no slot chosen");
    throw new AppError("model_output_invalid", chosen ? `The booking model chose "${String(slotId)}", which was not among the free slots, so nothing was booked.` : "The booking model did not choose a slot, so nothing was booked.");
  }
  decide(ctx, "booking-llm", "llm", `book ${offered.slot_id}`);
  const booked = await callTool(ctx, "booking", "book_slot", { slot_id: offered.slot_id }, chosen.id);
  decide(ctx, "booking", "code", booked.ok ? `booked ${offered.slot_id}` : `refused (${booked.error.code})`);
  return booked.ok ? { booked: (booked.result as { booked: Booking }).booked } : { refused: booked.error };
});
