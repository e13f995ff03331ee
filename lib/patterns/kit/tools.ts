import { z } from "zod";
import { book, cancel, checkAvailability, listBookings } from "@/lib/domain/bookings";
import { isAppError } from "@/lib/errors";
import type { TapeDeck } from "@/lib/tapes/deck";
import { MAX_TOOL_CALLS_PER_TURN } from "@/lib/trace/events";
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

/** Whom the tools act for and on which schedule: both decided by the server for the run, never by the model. */
export type Member = { userId: string; scheduleId: string; /** A replay or fork serves tool results from its tape. */ tape?: TapeDeck };

/** Each tool: what the model reads about it, the arguments it accepts, and what it does for the member. */
export const TOOL_SPECS = {
  check_availability: {
    description:
      "Check which tennis courts are free at the club on a date (and optionally at a start time). Returns free slots with their slot_id.",
    args: CheckAvailabilityArgs,
    run: async ({ date, time }: z.infer<typeof CheckAvailabilityArgs>, { scheduleId }: Member) => ({
      date,
      time: time ?? null,
      free_slots: await checkAvailability(date, time ?? undefined, scheduleId),
    }),
  },
  book_slot: {
    description:
      "Book one court slot for the current member, by the slot_id that check_availability returned. Only when the member asked to book.",
    args: BookSlotArgs,
    run: async ({ slot_id }: z.infer<typeof BookSlotArgs>, { userId, scheduleId }: Member) => ({
      booked: await book(userId, slot_id, undefined, scheduleId),
    }),
  },
  my_bookings: {
    description: "List the current member's upcoming bookings, soonest first, each with its booking_id. Takes no arguments.",
    args: MyBookingsArgs,
    run: async (_: z.infer<typeof MyBookingsArgs>, { userId, scheduleId }: Member) => ({
      bookings: await listBookings(userId, scheduleId),
    }),
  },
  cancel_booking: {
    description:
      "Cancel one of the current member's own bookings, by the booking_id that my_bookings returned. Only when the member asked to cancel.",
    args: CancelBookingArgs,
    run: async ({ booking_id }: z.infer<typeof CancelBookingArgs>, { userId, scheduleId }: Member) => ({
      cancelled: await cancel(userId, booking_id, scheduleId),
    }),
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
/** What a tool gives back, typed from its spec; a refusal carries the domain's code and message. */
type ToolResult<N extends ToolName> = Awaited<ReturnType<(typeof TOOL_SPECS)[N]["run"]>>;
export type ToolFailure = { ok: false; error: { code: string; message: string } };
export type ToolOutcome<N extends ToolName = ToolName> = { ok: true; result: ToolResult<N> } | ToolFailure;

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
export async function runTool<N extends ToolName>(
  emit: Emit,
  member: Member,
  call: { node: string; name: N | string; callId: string; args: unknown },
): Promise<ToolOutcome<N>> {
  const started = performance.now();
  emit({ type: "tool.call", node: call.node, tool: call.name, callId: call.callId, args: call.args });
  const outcome = (
    member.tape
      ? await member.tape.tool(call.name, call.callId, call.args, () => execute(member, call.name, call.args))
      : await execute(member, call.name, call.args)
  ) as ToolOutcome<N>;
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

/** A control character escaped in JSON text: what a model's arguments never need. */
const CONTROL_CHARACTER = /\\u00[01][0-9a-f]/i;

async function execute(member: Member, name: string, args: unknown): Promise<ToolOutcome> {
  if (!isToolName(name))
    return {
      ok: false,
      error: { code: "unknown_tool", message: `There is no tool called "${name}". Available: ${Object.keys(TOOL_SPECS).join(", ")}.` },
    };
  const spec = TOOL_SPECS[name];
  // No slot, date or booking id holds a control character, and PostgreSQL cannot even be asked about a NUL.
  if (CONTROL_CHARACTER.test(JSON.stringify(args) ?? ""))
    return { ok: false, error: { code: "invalid_arguments", message: "Arguments must not contain control characters." } };
  const parsed = spec.args.safeParse(args);
  if (!parsed.success) return { ok: false, error: { code: "invalid_arguments", message: z.prettifyError(parsed.error) } };
  try {
    // The arguments were parsed by this very tool's schema.
    const run = spec.run as (args: unknown, member: Member) => Promise<ToolResult<ToolName>>;
    return { ok: true, result: await run(parsed.data, member) };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: { code: error.code, message: error.message } };
    throw error;
  }
}

/**
 * The calls of one model turn a pattern answers: those within MAX_TOOL_CALLS_PER_TURN, and the
 * first one beyond it, which is refused (tooManyToolCalls) so the model reads why the rest never ran.
 */
export function withinTurnCap<T>(calls: T[]): T[] {
  return calls.length > MAX_TOOL_CALLS_PER_TURN ? calls.slice(0, MAX_TOOL_CALLS_PER_TURN + 1) : calls;
}

/** Whether the call at `index` of a turn is the one beyond the cap, refused for all the calls after it. */
export function beyondTurnCap(index: number): boolean {
  return index >= MAX_TOOL_CALLS_PER_TURN;
}

export const TOO_MANY_TOOL_CALLS: ToolFailure = {
  ok: false,
  error: {
    code: "too_many_tool_calls",
    message: `At most ${MAX_TOOL_CALLS_PER_TURN} tool calls run per turn: this call and any after it were refused and not run. Ask again for what you still need.`,
  },
};

/** The decision that draws the refusal on the graph. */
export const REFUSE_BEYOND_CAP = `refuse the tool calls beyond ${MAX_TOOL_CALLS_PER_TURN} in one turn`;

/** What a model reads back: the result, or the error with its code. */
export function outcomeText(outcome: ToolOutcome | ToolFailure): string {
  return JSON.stringify(outcome.ok ? outcome.result : { error: outcome.error });
}
