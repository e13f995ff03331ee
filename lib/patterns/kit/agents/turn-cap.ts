/**
 * The tool-call cap in the Agents SDK's loop, which runs every call of a model response itself:
 * the watched provider keeps a response's calls within MAX_TOOL_CALLS_PER_TURN and the first one
 * beyond it (the rest never reach the SDK), and every tool answers that one with the refusal, so
 * the model reads why the rest never ran. Keyed by the run's context, the object each tool is handed.
 */
import type { FunctionTool } from "@openai/agents";
import { beyondTurnCap, outcomeText, TOO_MANY_TOOL_CALLS, withinTurnCap } from "../tools";
import type { AgentRunContext } from "./types";

const refusedCalls = new WeakMap<object, Set<string>>();

/** A model response's output with its calls cut at the cap; true in `capped` when a call was refused. */
export function capResponse<T extends { type?: string }>(context: AgentRunContext, output: T[]): { output: T[]; capped: boolean } {
  const isCall = (item: T): item is T & { callId: string } => item.type === "function_call";
  const calls = output.filter(isCall);
  const kept = new Set<T>(withinTurnCap(calls));
  if (kept.size === calls.length) return { output, capped: false };
  const refused = calls.find((_, i) => beyondTurnCap(i));
  if (refused) {
    const set = refusedCalls.get(context) ?? new Set<string>();
    set.add(refused.callId);
    refusedCalls.set(context, set);
  }
  return { output: output.filter((item) => !isCall(item) || kept.has(item)), capped: true };
}

function isRefused(context: unknown, callId: string | undefined): boolean {
  return callId !== undefined && typeof context === "object" && context !== null && (refusedCalls.get(context)?.has(callId) ?? false);
}

/** The tool, answering a call beyond the cap with the refusal (not run, not held for approval). Changes the tool in place: its identity stays the SDK's. */
export function refusingBeyondCap<T extends FunctionTool<AgentRunContext, never, unknown>>(tool: T): T {
  const { invoke, needsApproval } = tool;
  tool.invoke = async (run, input, details) =>
    isRefused(run.context, details?.toolCall?.callId) ? outcomeText(TOO_MANY_TOOL_CALLS) : invoke(run, input, details);
  tool.needsApproval = async (run, input, callId) => !isRefused(run.context, callId) && (await needsApproval(run, input, callId));
  return tool;
}
