/**
 * E — Single agent. The OpenAI Agents SDK owns the loop: one agent with the club's tools decides what to
 * call and when to stop; your code supplies the tools (bound to the member on the server), the
 * instructions and a turn cap. Use it when requests vary widely and one capable agent with a small
 * toolset is enough.
 */
import { Agent } from "@openai/agents";
import { agentPause, runAgent, type AgentTurn } from "./kit/agents/runner";
import { bookSlotTool, cancelBookingTool, checkAvailabilityTool, myBookingsTool } from "./kit/agents/tools";
import type { AgentGraph, AgentRunContext } from "./kit/agents/types";
import type { Pause } from "./kit/approval";
import { enter, reply, type Pattern, type RunContext } from "./kit/context";
import { AgentConversation } from "./kit/messages";
import { assistantInstructions } from "./kit/prompts";
import { graph } from "./graph";

const bookingAgent = new Agent<AgentRunContext>({
  name: "booking_agent",
  instructions: () => `${assistantInstructions()}\nPresent the free options, book the one the member chose, then confirm the booking.`,
  tools: [checkAvailabilityTool, bookSlotTool, myBookingsTool, cancelBookingTool],
});

const AGENTS: AgentGraph = { agents: [[bookingAgent, "agent"]] };

function answer(ctx: RunContext<AgentConversation>, turn: AgentTurn): AgentConversation | Pause {
  if ("held" in turn) return agentPause(turn.held);
  reply(ctx, turn.reply);
  return { history: turn.history };
}

export const patternE: Pattern<AgentConversation> = {
  id: "E",
  name: "Single agent",
  style: "Single agent (Agents SDK)",
  runtime: "shared",
  decides: "The agent runs its own loop",
  decider: "llm",
  vendors: { agent: "openai" },
  source: "lib/patterns/e.ts",
  graph: graph({
    nodes: [
      { id: "user", kind: "user", label: "Member", at: [0, 1.5] },
      { id: "agent", kind: "agent", label: "Booking agent", at: [1, 1.5], detail: "Agents SDK loop" },
      { id: "check", kind: "tool", label: "check_availability", at: [2, 0] },
      { id: "book", kind: "tool", label: "book_slot", at: [2, 1] },
      { id: "mine", kind: "tool", label: "my_bookings", at: [2, 2] },
      { id: "cancel", kind: "tool", label: "cancel_booking", at: [2, 3] },
      { id: "db", kind: "db", label: "Bookings DB", at: [3, 1.5] },
    ],
    edges: [
      { from: "user", to: "agent" },
      { from: "agent", to: "check" },
      { from: "agent", to: "book" },
      { from: "agent", to: "mine" },
      { from: "agent", to: "cancel" },
      { from: "check", to: "db" },
      { from: "book", to: "db" },
      { from: "mine", to: "db" },
      { from: "cancel", to: "db" },
      { from: "agent", to: "user", label: "reply" },
    ],
  }),
  stateSchema: AgentConversation,
  initialState: () => ({ history: [] }),

  // region agent
  async run(ctx) {
    return enter(ctx, "agent", async () => answer(ctx, await runAgent(ctx, bookingAgent, ctx.state.history, AGENTS)), { label: "message" });
  },

  // The SDK's own interruption: its RunState, restored from the database, approves or rejects the held call and runs on.
  async resume(ctx, held, decision) {
    return enter(ctx, "agent", async () =>
      answer(
        ctx,
        await runAgent(ctx, bookingAgent, ctx.state.history, AGENTS, { state: (held as { runState: string }).runState, decision }),
      ),
    );
  },
  // endregion agent
};
