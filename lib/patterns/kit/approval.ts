import type { RunOptions } from "../options";
import type { ToolName, ToolOutcome } from "./tools";

/**
 * Human approval, the pattern's side: with the run option `approval: "book"`, a pattern stops before
 * book_slot or cancel_booking and returns a Pause instead of its next conversation state. The Pause
 * carries the pattern's own paused state (JSON); the engine stores it and resumes the pattern with
 * the member's decision, on any instance, after any restart.
 */
export const APPROVAL_TOOLS: readonly ToolName[] = ["book_slot", "cancel_booking"];

/** The member's answer; `reason` "expired" when nobody answered in time. */
export type Decision = { approved: boolean; reason?: string };

export type Hold = {
  /** The graph node that holds the paused state. */
  node: string;
  tool: ToolName;
  args: unknown;
  /** One line for the member: what will happen if they approve. */
  summary: string;
  /** Where the paused state lives, in words. */
  heldBy: string;
  /** The pattern's paused state, JSON-serialisable. */
  state: unknown;
};

export class Pause {
  constructor(readonly hold: Hold) {}
}

export function isPause(value: unknown): value is Pause {
  return value instanceof Pause;
}

/** Does this run stop before calling this tool? */
export function needsApproval(ctx: { options: RunOptions }, tool: string): boolean {
  return ctx.options.approval === "book" && (APPROVAL_TOOLS as readonly string[]).includes(tool);
}

/** The refusal a model (or the workflow's code) reads in place of the tool's result. */
export function declined(decision: Decision): { code: string; message: string } {
  if (decision.reason === "expired")
    return { code: "approval_expired", message: "The member did not approve in time, so nothing was booked or cancelled." };
  return {
    code: "declined_by_member",
    message: `The member declined${decision.reason ? ` (${decision.reason})` : ""}, so nothing was booked or cancelled.`,
  };
}

export function declinedOutcome(decision: Decision): ToolOutcome {
  return { ok: false, error: declined(decision) };
}

/** A workflow's own reply to a declined step: code handles the refusal, no model is asked. */
export function declinedReply(decision: Decision, tool: string, summary: string): string {
  const nothing = tool === "cancel_booking" ? "nothing was cancelled" : "nothing was booked";
  if (decision.reason === "expired") return `Nobody approved "${summary}" in time, so ${nothing}. Ask again whenever you like.`;
  return `Understood: you declined "${summary}"${decision.reason ? ` (${decision.reason})` : ""}, so ${nothing}.`;
}

/** A one-line summary of a booking or cancellation for the approval card. */
export function summarise(tool: string, args: unknown): string {
  const a = (args ?? {}) as { slot_id?: unknown; booking_id?: unknown };
  if (tool === "cancel_booking") return `Cancel booking ${String(a.booking_id ?? "?")}`;
  const slot = /^(\d{4}-\d{2}-\d{2})_Court([A-Z])_(\d{2})(\d{2})$/.exec(String(a.slot_id ?? ""));
  return slot ? `Book Court ${slot[2]} on ${slot[1]} at ${slot[3]}:${slot[4]}` : `Book ${String(a.slot_id ?? "a court")}`;
}
