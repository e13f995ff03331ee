import { boundConversation } from "./bounds";
import { decide, type Conversation } from "./brain";
import type { ScriptedCall, ScriptedMove } from "./script";
import { chooser, rephrase } from "./variation";
import { Pace, SimRequestError, estimateTokens, hashOf, makeId, type SimContext } from "./wire";

/** One model turn, ready for any wire format: the words, the tool calls with ids, and the usage. */
export type ModelTurn = {
  /** A hash of the conversation: ids derived from it make the same conversation produce the same bytes. */
  seed: string;
  text: string;
  calls: { id: string; name: string; args: Record<string, unknown>; argsText: string }[];
  usage: { input: number; output: number };
  /** Everything the model "generated", which is what its latency is paced on. */
  generated: string;
};

const FAULT_MESSAGES = {
  429: "Rate limit reached for requests (simulated).",
  500: "The server had an error while processing your request (simulated).",
  504: "The model did not answer in time (simulated).",
} as const;

/**
 * Plays a chaos vendor error when one is due, as a SimRequestError the adapter renders in its
 * vendor's shape: 429 and 500 at once, a timeout by hanging until the client gives up.
 * `timeoutType` names the vendor's error type for the timeout when its status alone does not.
 */
export async function vendorFault(ctx: SimContext, timeoutType?: string): Promise<void> {
  const fault = ctx.service.faults.take(ctx.chaos, ctx.caller);
  if (fault === null) return;
  if (fault === "timeout") {
    await new Pace(ctx).hang();
    throw new SimRequestError(FAULT_MESSAGES[504], 504, { type: timeoutType });
  }
  throw new SimRequestError(FAULT_MESSAGES[fault], fault);
}

/**
 * Runs the brain on a conversation; `salt` separates otherwise identical conversations (agent
 * sessions). The brain reads only the part of it within READ_LIMITS, so its cost is bounded; ids and
 * usage still account for the whole request, as a vendor's would. A test's script, when the run has
 * one, makes the move instead.
 */
export function think(conv: Conversation, ctx: SimContext, callIdPrefix: string, salt = ""): ModelTurn {
  const whole = JSON.stringify(conv);
  const seed = hashOf(`${salt}\n${whole}`);
  const move = ctx.script?.next(conv);
  const pick = chooser(ctx.chaos.variation, whole);
  const decision =
    move && !("brain" in move)
      ? scripted(move)
      : decide(boundConversation(conv), { hallucinatedSlot: ctx.chaos.hallucinatedSlot, toolLoop: ctx.chaos.toolLoop, pick });
  const input = estimateTokens(whole);
  if (decision.kind === "tool_calls") {
    const calls = decision.calls.map((c: ScriptedCall, i) => ({
      name: c.name,
      args: c.args ?? {},
      id: makeId(callIdPrefix, seed, i),
      argsText: c.argsText ?? JSON.stringify(c.args ?? {}),
    }));
    const generated = calls.map((c) => c.name + c.argsText).join("");
    return { seed, text: "", calls, usage: { input, output: estimateTokens(generated) }, generated };
  }
  const text = decision.kind === "json" ? jsonText(decision.value, ctx) : rephrase(decision.text, pick);
  return { seed, text, calls: [], usage: { input, output: estimateTokens(text) }, generated: text };
}

function scripted(
  move: Exclude<ScriptedMove, { brain: true }>,
): { kind: "text"; text: string } | { kind: "tool_calls"; calls: ScriptedCall[] } {
  return "text" in move ? { kind: "text", text: move.text } : { kind: "tool_calls", calls: move.calls };
}

/** JSON as a model writes it; with the malformedJson knob it breaks off mid-object, as truncated output does. */
function jsonText(value: Record<string, unknown>, ctx: SimContext): string {
  const text = JSON.stringify(value);
  return ctx.chaos.malformedJson ? `Sure! Here it is: ${text.slice(0, Math.max(1, Math.floor(text.length * 0.6)))}` : text;
}
