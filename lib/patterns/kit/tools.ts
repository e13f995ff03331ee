import { z } from "zod";
import { book, cancel, checkAvailability, listBookings } from "@/lib/domain/bookings";
import { isAppError } from "@/lib/errors";
import type { TapeDeck } from "@/lib/tapes/deck";
import type { Emit } from "../types";

/**
 * The club's functions as tools, the same for every pattern. They are bound to the session's
 * member on the server: no tool takes a user id, and arguments a tool does not name (a user_id a
 * model made up) are refused, so no model can act for someone else.
 */
export const CheckAvailabilityArgs = z.strictObject({
  date: z.string().describe("Day to check, YYYY-MM-DD"),
  time: z.string().nullable().optional().describe("Start time HH:MM (24h); omit for the whole day"),
});
export const BookSlotArgs = z.strictObject({
  slot_id: z.string().describe("A slot_id exactly as check_availability returned it, e.g. 2026-12-04_CourtA_1500"),
});
export const MyBookingsArgs = z.strictObject({});
export const CancelBookingArgs = z.strictObject({
  booking_id: z.string().describe("A booking_id exactly as my_bookings returned it"),
});

export const TOOL_SPECS = {
  check_availability: {
    description:
      "Check which tennis courts are free at the club on a date (and optionally at a start time). Returns free slots with their slot_id.",
    args: CheckAvailabilityArgs,
  },
  book_slot: {
    description:
      "Book one court slot for the current member, by the slot_id that check_availability returned. Only when the member asked to book.",
    args: BookSlotArgs,
  },
  my_bookings: {
    description: "List the current member's upcoming bookings, soonest first, each with its booking_id. Takes no arguments.",
    args: MyBookingsArgs,
  },
  cancel_booking: {
    description:
      "Cancel one of the current member's own bookings, by the booking_id that my_bookings returned. Only when the member asked to cancel.",
    args: CancelBookingArgs,
  },
} as const;

export type ToolName = keyof typeof TOOL_SPECS;
export const TOOL_NAMES = Object.keys(TOOL_SPECS) as ToolName[];

/** The graph node each tool lights, in every pattern. */
export const TOOL_NODES: Record<ToolName, string> = {
  check_availability: "check",
  book_slot: "book",
  my_bookings: "mine",
  cancel_booking: "cancel",
};
/** Whom the tools act for and on which schedule: both decided by the server for the run, never by the model. */
export type Member = { userId: string; scheduleId: string; /** A replay or fork serves tool results from its tape. */ tape?: TapeDeck };
export type ToolOutcome = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

/** Tool definitions with JSON Schema parameters, for any vendor's tool format. */
export function toolDefinitions(names: ToolName[] = TOOL_NAMES) {
  return names.map((name) => ({
    name,
    description: TOOL_SPECS[name].description,
    parameters: z.toJSONSchema(TOOL_SPECS[name].args) as Record<string, unknown>,
  }));
}

export function isToolName(name: string): name is ToolName {
  return Object.hasOwn(TOOL_SPECS, name);
}

/**
 * Runs a tool for the member, tracing the call and its result on the given node. Bad arguments
 * and domain refusals come back as error outcomes the model can read, never as exceptions.
 */
export async function runTool(
  emit: Emit,
  member: Member,
  call: { node: string; name: string; callId: string; args: unknown },
): Promise<ToolOutcome> {
  const started = performance.now();
  emit({ type: "tool.call", node: call.node, tool: call.name, callId: call.callId, args: call.args });
  const outcome = member.tape
    ? await member.tape.tool(call.name, call.callId, call.args, () => execute(member, call.name, call.args))
    : await execute(member, call.name, call.args);
  const ms = Math.round(performance.now() - started);
  emit({
    type: "tool.result",
    node: call.node,
    tool: call.name,
    callId: call.callId,
    ms,
    ...(outcome.ok ? { result: outcome.result } : { error: outcome.error }),
  });
  return outcome;
}

async function execute({ userId, scheduleId }: Member, name: string, args: unknown): Promise<ToolOutcome> {
  if (!isToolName(name))
    return {
      ok: false,
      error: { code: "unknown_tool", message: `There is no tool called "${name}". Available: ${Object.keys(TOOL_SPECS).join(", ")}.` },
    };
  const parsed = TOOL_SPECS[name].args.safeParse(args);
  if (!parsed.success) return { ok: false, error: { code: "invalid_arguments", message: z.prettifyError(parsed.error) } };
  try {
    if (name === "check_availability") {
      const { date, time } = parsed.data as z.infer<typeof CheckAvailabilityArgs>;
      const slots = await checkAvailability(date, time ?? undefined, scheduleId);
      return { ok: true, result: { date, time: time ?? null, free_slots: slots } };
    }
    if (name === "my_bookings") return { ok: true, result: { bookings: await listBookings(userId, scheduleId) } };
    if (name === "cancel_booking") {
      const { booking_id } = parsed.data as z.infer<typeof CancelBookingArgs>;
      return { ok: true, result: { cancelled: await cancel(userId, booking_id, scheduleId) } };
    }
    const { slot_id } = parsed.data as z.infer<typeof BookSlotArgs>;
    return { ok: true, result: { booked: await book(userId, slot_id, undefined, scheduleId) } };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: { code: error.code, message: error.message } };
    throw error;
  }
}

/** What a model reads back: the result, or the error with its code. */
export function outcomeText(outcome: ToolOutcome): string {
  return JSON.stringify(outcome.ok ? outcome.result : { error: outcome.error });
}
