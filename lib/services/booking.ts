import { AppError } from "@/lib/errors";
import { patternC } from "@/lib/patterns/c";
import { chat } from "@/lib/patterns/kit/chat";
import { callTool, decide, step } from "@/lib/patterns/kit/context";
import { clubFacts } from "@/lib/patterns/kit/prompts";
import { toolDefinitions } from "@/lib/patterns/kit/tools";
import { serve, type ServiceContext } from "./envelope";

/**
 * C's booking service (default Bedrock Converse). The model selects by calling book_slot; the
 * service executes only a slot the orchestrator offered, so a made-up slot books nothing. Listing
 * and cancelling the member's own bookings need no model: code runs the tool for the caller.
 */
export const bookingService = serve("booking", patternC, async (ctx, input) => {
  if ("action" in input) return ownBookings(ctx, input);
  const { date, time, court, preferences, free_slots } = input;
  const answer = await step(ctx, "booking-llm", () =>
    chat(ctx, {
      tools: toolDefinitions(["book_slot"]),
      system: `You book one tennis court for a member of the club. ${clubFacts()}\nCall book_slot once, with the free slot that best fits the request: the named court first, then the preferences.`,
      messages: [
        {
          role: "user",
          text: `Book a court on ${date} at ${time}${court ? `, Court ${court}` : ""}${preferences.length ? `, preferences: ${preferences.join(", ")}` : ""}.\nFree slots: ${JSON.stringify(free_slots)}`,
        },
      ],
    }),
  );
  const chosen = answer.toolCalls.find((c) => c.name === "book_slot");
  const slotId = (chosen?.args as { slot_id?: unknown } | undefined)?.slot_id;
  const offered = free_slots.find((s) => s.slot_id === slotId);
  if (!chosen || !offered) {
    decide(ctx, "booking", "code", chosen ? `reject ${String(slotId)}: not offered` : "reject: no slot chosen");
    throw new AppError(
      "model_output_invalid",
      chosen
        ? `The booking model chose "${String(slotId)}", which was not among the free slots, so nothing was booked.`
        : "The booking model did not choose a slot, so nothing was booked.",
    );
  }
  decide(ctx, "booking-llm", "llm", `book ${offered.slot_id}`);
  const booked = await callTool(ctx, "book_slot", { slot_id: offered.slot_id }, chosen.id);
  decide(ctx, "booking", "code", booked.ok ? `booked ${offered.slot_id}` : `refused (${booked.error.code})`);
  return booked.ok ? { booked: booked.result.booked } : { refused: booked.error };
});

/** my_bookings or cancel_booking for the member in the caller's token; the orchestrator chose which booking. */
async function ownBookings(ctx: ServiceContext, input: { action: "list" } | { action: "cancel"; booking_id: string }) {
  const outcome =
    input.action === "list"
      ? await callTool(ctx, "my_bookings", {}, `${ctx.runId}-mine`)
      : await callTool(ctx, "cancel_booking", { booking_id: input.booking_id }, `${ctx.runId}-cancel`);
  decide(
    ctx,
    "booking",
    "code",
    outcome.ok ? (input.action === "list" ? "listed the member's bookings" : "cancelled") : `refused (${outcome.error.code})`,
  );
  return outcome.ok ? outcome.result : { refused: outcome.error };
}
