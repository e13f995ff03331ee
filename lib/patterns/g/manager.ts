/**
 * G — Multi-agent across independent services. The manager agent reaches specialist agents over
 * HTTP, each its own service with its own model and deployment; autonomy and distribution both at
 * their highest. Use it when specialist agents belong to different teams or must scale apart.
 */
import { Agent, tool } from "@openai/agents";
import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors";
import { callService } from "@/lib/services/client";
import { runAgent, type AgentTurn } from "../kit/agents/runner";
import { refusingBeyondCap } from "../kit/agents/turn-cap";
import type { AgentGraph, AgentRunContext } from "../kit/agents/types";
import { needsApproval, Pause, summarise } from "../kit/approval";
import { enter, reply, type Pattern, type RunContext } from "../kit/context";
import { AgentConversation } from "../kit/messages";
import { clubFacts } from "../kit/prompts";
import { graph } from "../graph";
import { AVAILABILITY_AGENT, BOOKING_AGENT } from "./contracts";

type Specialist = typeof AVAILABILITY_AGENT | typeof BOOKING_AGENT;

/**
 * Approval mode, per run: what the booking-agent service answered for each of the manager's calls
 * (an answer, or the interruption it handed back over HTTP), or, in a resumed run, the decision to
 * send it back with the service's own state.
 */
type Interruption = { tool: "book_slot" | "cancel_booking"; args: Record<string, unknown>; state: string };
type Gate = { answer: string } | { interruption: Interruption } | { resume: { state: string; approved: boolean; reason?: string } };
const gates = new Map<string, Map<string, Gate>>();

async function ask(
  ctx: AgentRunContext,
  service: Specialist,
  input: { task: string; resume?: Extract<Gate, { resume: unknown }>["resume"] },
) {
  ctx.emit({ type: "handoff", from: "manager", to: service.name, task: input.task });
  const reply = await callService(ctx, service, input);
  return "interruption" in reply ? { interruption: reply.interruption } : { answer: reply.answer };
}

/**
 * A specialist behind HTTP, offered to the manager as a function tool: the call is a hop to its
 * service. A service that fails answers the manager with the reason, so it can tell the member.
 * In approval mode the manager's call to the booking service is made while the SDK asks whether
 * the call needs approval: it does exactly when the service handed back an interruption, and the
 * SDK then interrupts the manager's run.
 */
function remote(service: Specialist, description: string) {
  return refusingBeyondCap(
    tool({
      name: service.name.replace("-", "_"),
      description,
      parameters: z.object({ input: z.string().describe("The task, in plain words, with the date and time or the slot_id") }),
      needsApproval: async (run, { input }, callId) => {
        const ctx = run.context as AgentRunContext;
        const gate = gates.get(ctx.runId);
        if (service !== BOOKING_AGENT || !needsApproval(ctx, "book_slot") || !gate || !callId) return false;
        const known = gate.get(callId);
        if (known) return !("answer" in known);
        try {
          const reply = await ask(ctx, service, { task: input });
          gate.set(callId, reply);
          return "interruption" in reply;
        } catch (error) {
          if (!isAppError(error) || error.code === "aborted") throw error;
          gate.set(callId, { answer: JSON.stringify({ error: { code: error.code, message: error.message } }) });
          return false;
        }
      },
      execute: async ({ input }, run, details) => {
        const ctx = run!.context as AgentRunContext;
        const known = gates.get(ctx.runId)?.get(details?.toolCall?.callId ?? "");
        if (known && "answer" in known) return known.answer;
        const reply = await ask(ctx, service, { task: input, ...(known && "resume" in known ? { resume: known.resume } : {}) });
        return "answer" in reply
          ? reply.answer
          : JSON.stringify({
              error: { code: "approval_needed", message: "The booking service needs another approval; nothing more was done." },
            });
      },
      errorFunction: (_, error) => {
        if (isAppError(error) && error.code !== "aborted") return JSON.stringify({ error: { code: error.code, message: error.message } });
        throw error;
      },
    }),
  );
}

const manager = new Agent<AgentRunContext>({
  name: "manager",
  instructions: () =>
    [
      "You are the booking manager of a tennis club and talk with the member; specialist services do the work.",
      clubFacts(),
      "Ask availability_agent which courts are free (give it the date and time). Ask booking_agent to book one slot_id, only when the member asked to book, one slot per request.",
      "Ask booking_agent for the member's bookings, or to cancel one the member described, only when the member asked to cancel.",
      "If the member only asks what is free, list the options and do not book. If a date or time is missing, ask for it. If a service fails, say so plainly: nothing was booked.",
    ].join("\n"),
  tools: [
    remote(
      AVAILABILITY_AGENT,
      "Availability service: checks which courts are free on a date (and time) and lists them with their slot_id.",
    ),
    remote(
      BOOKING_AGENT,
      "Booking service: books one slot for the member by its slot_id, lists the member's bookings, and cancels one of them.",
    ),
  ],
});

const AGENTS: AgentGraph = { agents: [[manager, "manager"]] };
/** G's paused state: the manager's RunState and the booking service's loop state it handed back. */
type Held = { runState: string; callId: string; service: Interruption };
const HELD_BY = "the booking-agent service's loop state, handed back over HTTP, with the manager's RunState, in the database";

async function withGate<T>(ctx: AgentRunContext, gate: Map<string, Gate>, fn: (gate: Map<string, Gate>) => Promise<T>): Promise<T> {
  gates.set(ctx.runId, gate);
  try {
    return await fn(gate);
  } finally {
    gates.delete(ctx.runId);
  }
}

function answer(ctx: RunContext<AgentConversation>, gate: Map<string, Gate>, turn: AgentTurn): AgentConversation | Pause {
  if ("held" in turn) {
    const stopped = gate.get(turn.held.callId);
    if (!stopped || !("interruption" in stopped))
      throw new AppError("internal", "The manager's run was held, but the booking service did not ask for approval.");
    const { tool, args } = stopped.interruption;
    return new Pause({
      node: "booking-agent",
      tool,
      args,
      summary: summarise(tool, args),
      heldBy: HELD_BY,
      state: { runState: turn.held.state, callId: turn.held.callId, service: stopped.interruption } satisfies Held,
    });
  }
  reply(ctx, turn.reply);
  return { history: turn.history };
}

export const patternG: Pattern<AgentConversation> = {
  id: "G",
  name: "Multi-agent (services)",
  style: "Multi-agent, independent services",
  runtime: "services",
  decides: "A manager agent routes to agent services",
  decider: "llm",
  vendors: { manager: "openai", "availability-agent": "openai", "booking-agent": "anthropic" },
  sources: ["lib/patterns/g/manager.ts", "lib/patterns/g/availability-agent.ts", "lib/patterns/g/booking-agent.ts"],
  graph: graph({
    nodes: [
      { id: "user", kind: "user", label: "Member", at: [0, 1] },
      { id: "manager", kind: "agent", label: "Manager", at: [1.2, 1], detail: "Agents SDK", group: "svc-manager" },
      {
        id: "availability-agent",
        kind: "agent",
        label: "Availability agent",
        at: [2.7, 0],
        detail: "Agents SDK",
        group: "svc-availability-agent",
      },
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
    groups: [
      { id: "svc-manager", label: "manager service", kind: "service" },
      { id: "svc-availability-agent", label: "availability-agent service", kind: "service" },
      { id: "svc-booking-agent", label: "booking-agent service", kind: "service" },
    ],
  }),
  stateSchema: AgentConversation,
  initialState: () => ({ history: [] }),

  // region manager
  async run(ctx) {
    return enter(
      ctx,
      "manager",
      () => withGate(ctx, new Map(), async (gate) => answer(ctx, gate, await runAgent(ctx, manager, ctx.state.history, AGENTS))),
      { label: "message" },
    );
  },

  // The service's state goes back to it with the member's decision: the manager's held call is let
  // through (the SDK approves it) and the service, resumed, books or tells its model the member declined.
  async resume(ctx, held, decision) {
    const h = held as Held;
    const gate = new Map<string, Gate>([
      [
        h.callId,
        { resume: { state: h.service.state, approved: decision.approved, ...(decision.reason ? { reason: decision.reason } : {}) } },
      ],
    ]);
    return enter(ctx, "manager", () =>
      withGate(ctx, gate, async () =>
        answer(ctx, gate, await runAgent(ctx, manager, ctx.state.history, AGENTS, { state: h.runState, decision: { approved: true } })),
      ),
    );
  },
  // endregion manager
};
