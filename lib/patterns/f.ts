/**
 * F — Multi-agent in one process. A manager agent routes the conversation to specialists
 * (availability, booking), each with its own instructions and tools; the agents decide who works
 * next. Use it when distinct skills deserve distinct prompts and tools but one deployment suffices.
 */
import { Agent } from "@openai/agents";
import { agentPause, runAgent, type AgentTurn } from "./kit/agents/runner";
import { bookSlotTool, cancelBookingTool, checkAvailabilityTool, myBookingsTool, specialistTool } from "./kit/agents/tools";
import type { AgentGraph, AgentRunContext } from "./kit/agents/types";
import type { Pause } from "./kit/approval";
import { enter, reply, type Pattern, type RunContext } from "./kit/context";
import { AgentConversation } from "./kit/messages";
import { clubFacts } from "./kit/prompts";
import { graph } from "./graph";

const availabilityAgent = new Agent<AgentRunContext>({
  name: "availability_agent",
  instructions: () =>
    `You find free tennis courts for the club's booking manager.\n${clubFacts()}\nCall check_availability for the date (and time) in the task, then list the free slots with their slot_id. Never book.`,
  tools: [checkAvailabilityTool],
});

const bookingAgent = new Agent<AgentRunContext>({
  name: "booking_agent",
  instructions: () =>
    `You book tennis courts for the club's booking manager and look after the member's own bookings.\n${clubFacts()}\nBook exactly the one slot_id in the task with book_slot and report the result; if it fails, say why. Asked for the member's bookings, call my_bookings and list them. Asked to cancel one, find it with my_bookings, cancel it with cancel_booking, and report what was cancelled; if several fit, ask which.`,
  tools: [bookSlotTool, myBookingsTool, cancelBookingTool],
});

const manager = new Agent<AgentRunContext>({
  name: "manager",
  instructions: () =>
    [
      "You are the booking manager of a tennis club and talk with the member; specialists do the work.",
      clubFacts(),
      "Ask availability_agent which courts are free (give it the date and time). Ask booking_agent to book one slot_id, only when the member asked to book, one slot per request.",
      "Ask booking_agent for the member's bookings, or to cancel one the member described, only when the member asked to cancel.",
      "If the member only asks what is free, list the options and do not book. If a date or time is missing, ask for it. Explain refusals plainly and keep answers short.",
    ].join("\n"),
  tools: [
    specialistTool(
      availabilityAgent,
      "Availability specialist: checks which courts are free on a date (and time) and lists them with their slot_id.",
    ),
    specialistTool(
      bookingAgent,
      "Booking specialist: books one slot for the member by its slot_id, lists the member's bookings, and cancels one of them.",
    ),
  ],
});

const AGENTS: AgentGraph = {
  agents: [
    [manager, "manager"],
    [availabilityAgent, "availability-agent"],
    [bookingAgent, "booking-agent"],
  ],
};

function answer(ctx: RunContext<AgentConversation>, turn: AgentTurn): AgentConversation | Pause {
  if ("held" in turn)
    return agentPause(turn.held, "the Agents SDK's RunState (manager and booking specialist), serialised into the database");
  reply(ctx, turn.reply);
  return { history: turn.history };
}

export const patternF: Pattern<AgentConversation> = {
  id: "F",
  name: "Multi-agent",
  style: "Multi-agent, one process",
  runtime: "shared",
  decides: "A manager agent routes to specialist agents",
  decider: "llm",
  vendors: { manager: "openai", "availability-agent": "openai", "booking-agent": "openai" },
  source: "lib/patterns/f.ts",
  graph: graph({
    nodes: [
      { id: "user", kind: "user", label: "Member", at: [0, 1] },
      { id: "manager", kind: "agent", label: "Manager", at: [1, 1], detail: "routes" },
      { id: "availability-agent", kind: "agent", label: "Availability agent", at: [2, 0] },
      { id: "booking-agent", kind: "agent", label: "Booking agent", at: [2, 2] },
      { id: "check", kind: "tool", label: "check_availability", at: [3, 0] },
      { id: "book", kind: "tool", label: "book_slot", at: [3, 1] },
      { id: "mine", kind: "tool", label: "my_bookings", at: [3, 2] },
      { id: "cancel", kind: "tool", label: "cancel_booking", at: [4, 2] },
      { id: "db", kind: "db", label: "Bookings DB", at: [4, 0.5] },
    ],
    edges: [
      { from: "user", to: "manager" },
      { from: "manager", to: "availability-agent" },
      { from: "manager", to: "booking-agent" },
      { from: "availability-agent", to: "check" },
      { from: "booking-agent", to: "book" },
      { from: "booking-agent", to: "mine" },
      { from: "booking-agent", to: "cancel" },
      { from: "check", to: "db" },
      { from: "book", to: "db" },
      { from: "mine", to: "db" },
      { from: "cancel", to: "db" },
      { from: "manager", to: "user", label: "reply" },
    ],
  }),
  stateSchema: AgentConversation,
  initialState: () => ({ history: [] }),

  // region manager
  async run(ctx) {
    return enter(ctx, "manager", async () => answer(ctx, await runAgent(ctx, manager, ctx.state.history, AGENTS)), { label: "message" });
  },

  // The booking specialist's call was held inside the manager's run; the SDK's RunState carries both runs.
  async resume(ctx, held, decision) {
    return enter(ctx, "manager", async () =>
      answer(ctx, await runAgent(ctx, manager, ctx.state.history, AGENTS, { state: (held as { runState: string }).runState, decision })),
    );
  },
  // endregion manager
};
