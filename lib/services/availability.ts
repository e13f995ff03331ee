import { isAppError } from "@/lib/errors";
import { assertBookableHour, assertValidDate } from "@/lib/domain/slots";
import { patternC } from "@/lib/patterns/c";
import { chat } from "@/lib/patterns/kit/chat";
import { callTool, decide, step } from "@/lib/patterns/kit/context";
import { clubFacts } from "@/lib/patterns/kit/prompts";
import { toolDefinitions } from "@/lib/patterns/kit/tools";
import { serve } from "./envelope";

/**
 * C's availability service (default Claude, tool use). It owns the club's rules for the hours it is
 * asked about, so a passed or closed hour is refused here before any model runs; otherwise the model
 * turns the request into a check_availability call and the service executes it.
 */
export const availabilityService = serve("availability", patternC, async (ctx, { date, time, court }) => {
  try {
    if (time) assertBookableHour(date, time);
    else assertValidDate(date);
  } catch (error) {
    if (!isAppError(error)) throw error;
    decide(ctx, "availability", "code", `refuse: ${error.code}`);
    return { refused: error.toJSON() };
  }
  const answer = await step(ctx, "availability-llm", () =>
    chat(ctx, {
      tools: toolDefinitions(["check_availability"]),
      system: `You look up free tennis courts for the club's booking workflow. ${clubFacts()}\nCall check_availability for the day and hour you are given.`,
      messages: [
        {
          role: "user",
          text: `Check which courts are free on ${date}${time ? ` at ${time}` : ""}${court ? ` (the member would like Court ${court})` : ""}.`,
        },
      ],
    }),
  );
  const call = answer.toolCalls.find((c) => c.name === "check_availability");
  if (!call) {
    decide(ctx, "availability-llm", "llm", "decline to check");
    return { refused: { code: "model_declined", message: answer.text || "The availability model would not look that up." } };
  }
  decide(ctx, "availability-llm", "llm", `check_availability(${JSON.stringify(call.args)})`);
  const checked = await callTool(ctx, "check_availability", call.args, call.id);
  return checked.ok ? { free_slots: checked.result.free_slots } : { refused: checked.error };
});
