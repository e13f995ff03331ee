import { z } from "zod";
import { impossibleSlot, MAX_SCHEDULE_BOOKINGS } from "@/lib/domain/slots";
import { MAX_RUN_EVENTS, MAX_TOOL_CALLS_PER_TURN, TraceEvent, Vendor } from "@/lib/trace/events";

/**
 * The tape of a run (csp-tape/1): every model call as it went over the wire, the club's tool
 * results, the conversation state before the run and the schedule as the run found it. One JSON
 * document: downloaded, uploaded, replayed exactly, forked at any exchange.
 */
export const TAPE_FORMAT = "csp-tape/1";

/** The wire protocols the patterns speak, from the request path. */
export const Protocol = z.enum([
  "openai.chat",
  "openai.responses",
  "anthropic.messages",
  "bedrock.converse",
  "bedrock.converse-stream",
  "bedrock-agent.invoke",
]);
export type Protocol = z.infer<typeof Protocol>;

/** One piece of a streamed response at `t` ms after the request went out: an SSE event, or a decoded AWS event-stream message. */
export const Frame = z.object({
  t: z.number().nonnegative(),
  event: z.string().optional(),
  data: z.unknown().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
});
export type Frame = z.infer<typeof Frame>;

export const Exchange = z.object({
  seq: z.number().int().positive(),
  /** The graph node that made the call (the last model-call node announced before it went out). */
  node: z.string(),
  vendor: Vendor,
  protocol: Protocol,
  /** Which service hop of the run made it (C and G's services), counted 1, 2, 3… per run; absent for the run's own calls. */
  hop: z.number().int().positive().optional(),
  /** Headers from an allow-list only: no keys, authorization or signatures ever. */
  request: z.object({ method: z.string(), url: z.string(), headers: z.record(z.string(), z.string()), body: z.unknown() }),
  /** A whole body (JSON or text), or the frames of a stream. */
  response: z.object({
    status: z.number().int(),
    headers: z.record(z.string(), z.string()),
    body: z.unknown().optional(),
    frames: z.array(Frame).optional(),
  }),
  ms: z.number().nonnegative(),
  /** The canonical request's hash (model, messages, tools, parameters; volatile ids left out). */
  hash: z.string(),
});
export type Exchange = z.infer<typeof Exchange>;

const ToolOutcome = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);

/** A club tool's result as the run got it; `afterSeq` is the exchange it followed (0: none yet). */
export const ToolRecord = z.object({
  tool: z.string(),
  callId: z.string(),
  args: z.unknown(),
  afterSeq: z.number().int().nonnegative(),
  hop: z.number().int().positive().optional(),
  outcome: ToolOutcome,
});
export type ToolRecord = z.infer<typeof ToolRecord>;

/** A booking as the run found the schedule: no member ids, only whether it was the run's member's own. */
const SnapshotBooking = z.object({
  courtId: z.string().max(10),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  time: z.string().regex(/^\d{2}:\d{2}$/),
  startsAt: z.iso.datetime(),
  mine: z.boolean(),
});
/**
 * A schedule as one day found it: at most every slot of every day it could be booked, each slot
 * one the club has and held once. A fork lays it out as a sandbox, so an impossible one is refused
 * before any row is written.
 */
export const ScheduleSnapshot = z
  .object({
    bookings: z
      .array(SnapshotBooking)
      .max(MAX_SCHEDULE_BOOKINGS, `a schedule holds at most ${MAX_SCHEDULE_BOOKINGS} bookings (every slot of the days it can be booked)`),
  })
  .superRefine(({ bookings }, ctx) => {
    const held = new Set<string>();
    let issues = 0;
    for (const [i, { courtId, date, time }] of bookings.entries()) {
      const impossible = impossibleSlot(courtId, date, time);
      const slot = `${date} ${time} on court ${courtId}`;
      const problem = impossible ? `no booking can be there: ${impossible}` : held.has(slot) ? `${slot} is booked twice` : undefined;
      held.add(slot);
      if (!problem) continue;
      ctx.addIssue({ code: "custom", path: ["bookings", i], message: problem });
      // A few named problems say enough; the rest of a hostile snapshot is not worth the words.
      if (++issues === 3) return;
    }
  });
export type ScheduleSnapshot = z.infer<typeof ScheduleSnapshot>;

/** What replaces a model call's output in a fork: text, tool calls, or raw output (e.g. broken JSON). */
export const Replacement = z
  .object({
    text: z.string().max(8000).optional(),
    toolCalls: z
      .array(z.object({ name: z.string().min(1).max(100), args: z.record(z.string(), z.unknown()) }))
      .min(1)
      .max(MAX_TOOL_CALLS_PER_TURN)
      .optional(),
    raw: z.string().max(8000).optional(),
  })
  .strict()
  .refine(
    (r) => [r.text, r.toolCalls, r.raw].filter((v) => v !== undefined).length === 1,
    "replace takes exactly one of text, toolCalls or raw",
  );
export type Replacement = z.infer<typeof Replacement>;

/** The most exchanges a tape holds (tool results: eight per exchange). */
export const MAX_EXCHANGES = 200;

/** The run options a replay and a fork repeat: vendors per step and fault injection (other options are the session's business). */
export const TapeOptions = z.object({
  vendors: z.record(z.string(), Vendor).optional(),
  chaos: z.record(z.string(), z.unknown()).optional(),
  forceSim: z.boolean().optional(),
});
export type TapeOptions = z.infer<typeof TapeOptions>;

const TapeRun = z.object({
  id: z.string(),
  pattern: z.string(),
  input: z.string(),
  status: z.string(),
  createdAt: z.string(),
  parentRunId: z.string().optional(),
  forkedAt: z.number().int().optional(),
  options: TapeOptions,
  events: z
    .array(TraceEvent)
    .max(MAX_RUN_EVENTS)
    // Events are numbered as the run emitted them, at most as many as a run may have; stored under (runId, seq).
    .refine((events) => events.every((e, i) => e.seq <= MAX_RUN_EVENTS && (i === 0 || e.seq > events[i - 1].seq)), {
      message: `events must be numbered in increasing order, each seq at most ${MAX_RUN_EVENTS}`,
    }),
});

/** A NUL escaped in JSON text (not a backslash written before "u0000"): PostgreSQL stores no NUL in text or jsonb. */
const ESCAPED_NUL = /(?:^|[^\\])(?:\\\\)*\\u0000/;

export const Tape = z
  .object({
    format: z.literal(TAPE_FORMAT),
    run: TapeRun,
    stateBefore: z.unknown(),
    schedule: ScheduleSnapshot,
    exchanges: z
      .array(Exchange)
      .max(MAX_EXCHANGES)
      // Each exchange takes the next seq of its run, so a tape's are distinct and no more than it can hold.
      .refine((exchanges) => new Set(exchanges.map((e) => e.seq)).size === exchanges.length, { message: "two exchanges have the same seq" })
      .refine((exchanges) => exchanges.every((e) => e.seq <= MAX_EXCHANGES), { message: `an exchange's seq is at most ${MAX_EXCHANGES}` }),
    toolResults: z.array(ToolRecord).max(MAX_EXCHANGES * MAX_TOOL_CALLS_PER_TURN),
  })
  .refine((tape) => !ESCAPED_NUL.test(JSON.stringify(tape)), { message: "a tape cannot hold the NUL character (\\u0000)" });
export type Tape = z.infer<typeof Tape>;

/** What a service hop of C or G plays of a replay's or fork's source tape: the part that hop recorded (`at` null: all of it). */
export const HopTape = z.object({
  runId: z.string().max(100),
  hop: z.number().int().positive(),
  at: z.number().int().positive().nullable(),
  replace: Replacement.optional(),
  applyTools: z.boolean().optional(),
});
export type HopTape = z.infer<typeof HopTape>;

/** The largest tape an upload may be. */
export const MAX_TAPE_BYTES = 4 * 1024 * 1024;
