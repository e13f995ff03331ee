import { Agent } from "@openai/agents";
import { patternG } from "@/lib/patterns/g";
import { runAgent } from "@/lib/patterns/kit/agents/runner";
import { checkAvailabilityTool } from "@/lib/patterns/kit/agents/tools";
import type { AgentRunContext } from "@/lib/patterns/kit/agents/types";
import { clubFacts } from "@/lib/patterns/kit/prompts";
import { serve } from "./envelope";

const availabilityAgent = new Agent<AgentRunContext>({
  name: "availability_agent",
  instructions: () =>
    `You are the club's availability service; a booking manager sends you tasks.\n${clubFacts()}\nCall check_availability for the day (and hour) in the task and answer with the free slots, each with its slot_id. You cannot book.`,
  tools: [checkAvailabilityTool],
});

/** G's availability agent (Agents SDK, default OpenAI): a task in plain words in, its answer out. */
export const availabilityAgentService = serve("availability-agent", patternG, async (ctx, { task }) => {
  // Its only tool needs no approval, so its run is never held.
  const turn = await runAgent({ ...ctx, input: task }, availabilityAgent, [], { agents: [[availabilityAgent, "availability-agent"]] });
  return { answer: "reply" in turn ? turn.reply : "" };
});
