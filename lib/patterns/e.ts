/**
 * E — Single agent. The OpenAI Agents SDK owns the loop: one agent with two tools decides what to
 * call and when to stop; your code supplies the tools (bound to the member on the server), the
 * instructions and a turn cap. Use it when requests vary widely and one capable agent with a small
 * toolset is enough.
 */
import { Agent, type AgentInputItem } from "@openai/agents";
import { bookSlotTool, checkAvailabilityTool, runAgent, type AgentRunContext } from "./kit/agents";
import { edge, say, type Pattern } from "./kit/context";
import { assistantInstructions } from "./kit/prompts";
import { graph } from "./graph";

type Conversation = { history: AgentInputItem[] };

const bookingAgent = new Agent<AgentRunContext>({
  name: "booking_agent",
  instructions: () => `${assistantInstructions()}\nPresent the free options, book the one the member chose, then confirm the booking.`,
  tools: [checkAvailabilityTool, bookSlotTool],
});

export const patternE: Pattern<Conversation> = {
  id: "E",
  name: "Single agent",
  style: "Single agent (Agents SDK)",
  runtime: "shared",
  decides: "The agent runs its own loop",
  decider: "llm",
  vendors: { agent: "openai" },
  source: "lib/patterns/e.ts",
  graph: graph(
    [["user", "user", "Member", 0, 1], ["agent", "agent", "Booking agent", 1, 1, "Agents SDK loop"], ["check", "tool", "check_availability", 2, 0.4], ["book", "tool", "book_slot", 2, 1.6], ["db", "db", "Bookings DB", 3, 1]],
    [["user", "agent"], ["agent", "check"], ["agent", "book"], ["check", "db"], ["book", "db"], ["agent", "user", "reply"]],
  ),
  initialState: () => ({ history: [] }),

  // region agent
  async run(ctx) {
    edge(ctx, "user", "agent", "message");
    const { reply, history } = await runAgent(ctx, bookingAgent, ctx.state.history, { agents: [[bookingAgent, "agent"]] });
    edge(ctx, "agent", "user", "reply");
    say(ctx, reply);
    return { history };
  },
  // endregion agent
};
