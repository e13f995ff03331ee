/**
 * G — Multi-agent across independent services. The manager agent reaches specialist agents over
 * HTTP, each its own service with its own model and deployment; autonomy and distribution both at
 * their highest. Use it when specialist agents belong to different teams or must scale apart.
 */
import { Agent, tool, type AgentInputItem } from "@openai/agents";
import { z } from "zod";
import { isAppError } from "@/lib/errors";
import { callService } from "@/lib/services/client";
import { runAgent, type AgentRunContext } from "./kit/agents";
import { edge, say, type Pattern } from "./kit/context";
import { clubFacts } from "./kit/prompts";
import { graph } from "./graph";

type Conversation = { history: AgentInputItem[] };
type Specialist = "availability-agent" | "booking-agent";

/**
 * A specialist behind HTTP, offered to the manager as a function tool: the call is a hop to its
 * service. A service that fails answers the manager with the reason, so it can tell the member.
 */
function remote(service: Specialist, description: string) {
  return tool({
    name: service.replace("-", "_"),
    description,
    parameters: z.object({ input: z.string().describe("The task, in plain words, with the date and time or the slot_id") }),
    execute: async ({ input }, run) => {
      const ctx = run!.context as AgentRunContext;
      ctx.emit({ type: "handoff", from: "manager", to: service, task: input });
      return (await callService(ctx, "manager", service, { task: input })).answer;
    },
    errorFunction: (_, error) => {
      if (isAppError(error) && error.code !== "aborted") return JSON.stringify({ error: { code: error.code, message: error.message } });
      throw error;
    },
  });
}

const manager = new Agent<AgentRunContext>({
  name: "manager",
  instructions: () => [
    "You are the booking manager of a tennis club and talk with the member; specialist services do the work.",
    clubFacts(),
    "Ask availability_agent which courts are free (give it the date and time). Ask booking_agent to book one slot_id, only when the member asked to book, one slot per request.",
    "Ask booking_agent for the member's bookings, or to cancel one the member described, only when the member asked to cancel.",
    "If the member only asks what is free, list the options and do not book. If a date or time is missing, ask for it. If a service fails, say so plainly: nothing was booked.",
  ].join("\n"),
  tools: [
    remote("availability-agent", "Availability service: checks which courts are free on a date (and time) and lists them with their slot_id."),
    remote("booking-agent", "Booking service: books one slot for the member by its slot_id, lists the member's bookings, and cancels one of them."),
  ],
});

export const patternG: Pattern<Conversation> = {
  id: "G",
  name: "Multi-agent (services)",
  style: "Multi-agent, independent services",
  runtime: "services",
  decides: "A manager agent routes to agent services",
  decider: "llm",
  vendors: { manager: "openai", "availability-agent": "openai", "booking-agent": "anthropic" },
  source: "lib/patterns/g.ts",
  graph: graph({
    nodes: [
      { id: "user", kind: "user", label: "Member", at: [0, 1] },
      { id: "manager", kind: "agent", label: "Manager", at: [1.2, 1], detail: "Agents SDK", group: "svc-manager" },
      { id: "availability-agent", kind: "agent", label: "Availability agent", at: [2.7, 0], detail: "Agents SDK", group: "svc-availability-agent" },
      { id: "check", kind: "tool", label: "check_availability", at: [3.7, 0], group: "svc-availability-agent" },
      { id: "booking-agent", kind: "agent", label: "Booking agent", at: [2.7, 1.5], detail: "Claude tool use", group: "svc-booking-agent" },
      { id: "book", kind: "tool", label: "book_slot", at: [3.7, 1.5], group: "svc-booking-agent" },
      { id: "mine", kind: "tool", label: "my_bookings", at: [2.7, 2.5], group: "svc-booking-agent" },
      { id: "cancel", kind: "tool", label: "cancel_booking", at: [3.7, 2.5], group: "svc-booking-agent" },
      { id: "db", kind: "db", label: "Bookings DB", at: [4.9, 1.2] },
    ],
    edges: [
      { from: "user", to: "manager" },
      { from: "manager", to: "availability-agent", label: "HTTP" },
      { from: "manager", to: "booking-agent", label: "HTTP" },
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
    groups: [{ id: "svc-manager", label: "manager service", kind: "service" }, { id: "svc-availability-agent", label: "availability-agent service", kind: "service" }, { id: "svc-booking-agent", label: "booking-agent service", kind: "service" }],
  }),
  initialState: () => ({ history: [] }),

  // region manager
  async run(ctx) {
    edge(ctx, "user", "manager", "message");
    const { reply, history } = await runAgent(ctx, manager, ctx.state.history, { agents: [[manager, "manager"]] });
    edge(ctx, "manager", "user", "reply");
    say(ctx, reply);
    return { history };
  },
  // endregion manager
};
