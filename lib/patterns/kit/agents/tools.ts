/**
 * The club's functions as tools for the OpenAI Agents SDK, and specialists offered to a manager as
 * tools. The member comes from the run context, never from the model.
 */
import { tool } from "@openai/agents";
import { z } from "zod";
import { isApprovalTool, needsApproval } from "../approval";
import { step, within } from "../context";
import {
  BookSlotArgs,
  CancelBookingArgs,
  CheckAvailabilityArgs,
  MyBookingsArgs,
  TOOL_NODES,
  TOOL_SPECS,
  outcomeText,
  runTool,
  type ToolName,
} from "../tools";
import { refusingBeyondCap } from "./turn-cap";
import type { AgentRunContext, ClubAgent } from "./types";

// Strict schemas need every field present, so an absent time is null rather than omitted.
export const checkAvailabilityTool = clubTool(
  "check_availability",
  CheckAvailabilityArgs.extend({ time: z.string().nullable().describe("Start time HH:MM (24h); null for the whole day") }),
);
export const bookSlotTool = clubTool("book_slot", BookSlotArgs);
export const myBookingsTool = clubTool("my_bookings", MyBookingsArgs);
export const cancelBookingTool = clubTool("cancel_booking", CancelBookingArgs);

/** One club function as an SDK tool; in approval mode the SDK interrupts the run before a booking or cancellation and waits for approve/reject. */
function clubTool(name: ToolName, parameters: z.ZodObject) {
  return refusingBeyondCap(
    tool({
      name,
      description: TOOL_SPECS[name].description,
      parameters,
      ...(isApprovalTool(name) ? { needsApproval: async (run) => needsApproval(run.context as AgentRunContext, name) } : {}),
      execute: (args, run, details) => runClubTool(run?.context as AgentRunContext, name, args, details?.toolCall?.callId),
    }),
  );
}

/** The tool node itself is lit by the function span; here the database hop and the domain call. */
async function runClubTool(ctx: AgentRunContext, name: ToolName, args: unknown, callId = `${name}_${Date.now()}`): Promise<string> {
  const node = TOOL_NODES[name];
  const outcome = await within(ctx, { node }, () => step(ctx, "db", () => runTool(ctx.emit, ctx, { node, name, callId, args })));
  return outcomeText(outcome);
}

/** A specialist offered to a manager as a tool named after it, so its spans and the manager's calls meet on one node. */
export function specialistTool(agent: ClubAgent, description: string) {
  return refusingBeyondCap(agent.asTool({ toolName: agent.name, toolDescription: description }));
}
