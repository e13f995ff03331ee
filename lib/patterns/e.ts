/**
 * E — Single agent. The OpenAI Agents SDK owns the loop: one agent with the club's tools decides what to
 * call and when to stop; your code supplies the tools (bound to the member on the server), the
 * instructions and a turn cap. Use it when requests vary widely and one capable agent with a small
 * toolset is enough.
 */
import { Agent, type AgentInputItem } from "@openai/agents";
import { agentPause, bookSlotTool, cancelBookingTool, checkAvailabilityTool, myBookingsTool, runAgent, type AgentGraph, type AgentRunContext, type AgentTurn } from "./kit/agents";
import type { Pause } from "./kit/approval";
import { edge, say, type Pattern, type RunContext } from "./kit/context";
import { assistantInstructions } from "./kit/prompts";
import { graph } from "./graph";

type Conversation = { history: AgentInputItem[] };

const bookingAgent = new Agent<AgentRunContext>({
  name: "booking_agent",
  instructions: () => `${assistantInstructions()}\nPresent the free options, book the one the member chose, then confirm the booking.`,
  tools: [checkAvailabilityTool, bookSlotTool, myBookingsTool, cancelBookingTool],
});

const AGENTS: AgentGraph = { agents: [[bookingAgent, "agent"]] };

function answer(ctx: RunContext<Conversation>, turn: AgentTurn): Conversation | Pause {
  if ("held" in turn) return agentPause(turn.held);
  edge(ctx, "agent", "user", "reply");
  say(ctx, turn.reply);
  return { history: turn.history };
}

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
    [["user", "user", "Member", 0, 1.5], ["agent", "agent", "Booking agent", 1, 1.5, "Agents SDK loop"], ["check", "tool", "check_availability", 2, 0], ["book", "tool", "book_slot", 2, 1],
      ["mine", "tool", "my_bookings", 2, 2], ["cancel", "tool", "cancel_booking", 2, 3], ["db", "db", "Bookings DB", 3, 1.5]],
    [["user", "agent"], ["agent", "check"], ["agent", "book"], ["agent", "mine"], ["agent", "cancel"], ["check", "db"], ["book", "db"], ["mine", "db"], ["cancel", "db"], ["agent", "user", "reply"]],
  ),
  initialState: () => ({ history: [] }),

  // region agent
  async run(ctx) {
    edge(ctx, "user", "agent", "message");
    return answer(ctx, await runAgent(ctx, bookingAgent, ctx.state.history, AGENTS));
  },

  // The SDK's own interruption: its RunState, restored from the database, approves or rejects the held call and runs on.
  async resume(ctx, held, decision) {
    return answer(ctx, await runAgent(ctx, bookingAgent, ctx.state.history, AGENTS, { state: (held as { runState: string }).runState, decision }));
  },
  // endregion agent
};
