/**
 * G's availability agent service (Agents SDK, default OpenAI): a task in plain words in, its answer
 * out. It can only look: its one tool is check_availability.
 */
import { Agent } from "@openai/agents";
import { serve } from "@/lib/services/envelope";
import { runAgent } from "../kit/agents/runner";
import { checkAvailabilityTool } from "../kit/agents/tools";
import type { AgentRunContext } from "../kit/agents/types";
import { clubFacts } from "../kit/prompts";
import { AVAILABILITY_AGENT } from "./contracts";
import { patternG } from "./manager";

const availabilityAgent = new Agent<AgentRunContext>({
  name: "availability_agent",
  instructions: () =>
    `You are the club's availability service; a booking manager sends you tasks.\n${clubFacts()}\nCall check_availability for the day (and hour) in the task and answer with the free slots, each with its slot_id. You cannot book.`,
  tools: [checkAvailabilityTool],
});

export const availabilityAgentService = serve(AVAILABILITY_AGENT, patternG, async (ctx, { task }) => {
  // region availability-agent
  // Its only tool needs no approval, so its run is never held.
  const turn = await runAgent({ ...ctx, input: task }, availabilityAgent, [], { agents: [[availabilityAgent, "availability-agent"]] });
  return { answer: "reply" in turn ? turn.reply : "" };
  // endregion availability-agent
});
