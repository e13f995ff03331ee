import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { DateTime } from "luxon";
import { db } from "@/lib/db/client";
import { jsonbText } from "@/lib/db/json";
import { SEED_USER } from "@/lib/db/seed";
import { clubDayAt } from "@/lib/domain/clock";
import type { Clock } from "@/lib/domain/clock-schema";
import { createSandboxWith } from "@/lib/domain/schedules";
import { MAX_SCHEDULE_BOOKINGS } from "@/lib/domain/slots";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { TraceEvent } from "@/lib/trace/events";
import { ALL_EVENTS, loadRun, type RunRow } from "@/lib/trace/store";
import { type Exchange, type ScheduleSnapshot, TAPE_FORMAT, Tape, type TapeOptions, type ToolRecord } from "./format";
import { assertWithinTurnCap } from "./turn-cap";
import { decodeExchange, isScheduleAt, packRecording, unpackRecording, type Recorded, type StoredRecording } from "./recording";

/**
 * Tapes in the database, each in its run's row: written with the run's closing, read back as one csp-tape/1 document
 * by whoever may read the run, and taken in from an upload as a stored run of its own.
 */
export type StoredTape = {
  runId: string;
  parentRunId: string | null;
  forkedAt: number | null;
  stateBefore: unknown;
  schedule: ScheduleSnapshot;
  options: TapeOptions;
  exchanges: Exchange[];
  toolResults: ToolRecord[];
  /** The clock the run judged by; null on tapes recorded before runs had clocks. */
  clock: Clock | null;
};

export type TapeOpening = {
  scheduleId: string;
  parentRunId: string | null;
  forkedAt: number | null;
  stateBefore: unknown;
  options: TapeOptions;
  clock: Clock;
};

/**
 * A run's tape. As the run's row is created it notes where the schedule stood (the mark of its last
 * change, read in the same statement), which is all a fork needs to lay the schedule out as the run
 * found it. The recording is written in the statement that closes the run: recording adds no
 * statement of its own, and the tape is there the moment the run is over.
 */
export class TapeWriter {
  constructor(private readonly opening: TapeOpening) {}

  /** Creates the run's row with its schedule mark (RunStore.open's `create`). */
  create = async (run: RunRow): Promise<void> => {
    await (
      await db()
    ).$executeRaw`INSERT INTO "Run" ("id", "sessionId", "pattern", "input", "instanceId", "scheduleMark")
      VALUES (${run.id}, ${run.sessionId}, ${run.pattern}, ${run.input}, ${run.instanceId},
        coalesce(pg_sequence_last_value('"ScheduleChange"'), 0))`;
  };

  /** The tape, for the statement that closes its run (RunStore.finish). */
  packed(recorded: Recorded): string {
    const { scheduleId, ...opening } = this.opening;
    return packRecording({ ...opening, schedule: { scheduleId }, ...recorded });
  }
}

/**
 * A run's tape as `viewerId` may see it. Only the run's owner sees which bookings were theirs and
 * the conversation before the run; anyone else (a shared link, a fork of someone else's run, a
 * service hop, which names no viewer) sees the schedule as anyone would, and no earlier conversation.
 */
export async function loadTape(runId: string, viewerId?: string): Promise<StoredTape | null> {
  const run = await (
    await db()
  ).run.findUnique({
    where: { id: runId },
    select: { tape: true, scheduleMark: true, createdAt: true, session: { select: { userId: true } } },
  });
  if (!run?.tape) return null;
  const owner = viewerId !== undefined && run.session.userId === viewerId;
  const { schedule, exchanges, clock, stateBefore, ...recorded } = unpackRecording(run.tape);
  // The schedule from the run's own day on: its clock's, where it recorded one.
  const day = clock ? DateTime.fromISO(clock.now, { zone: clock.timeZone }).toISODate()! : clubDayAt(run.createdAt);
  return {
    runId,
    ...recorded,
    clock: clock ?? null,
    stateBefore: owner ? stateBefore : undefined,
    schedule: isScheduleAt(schedule)
      ? await scheduleAt(schedule.scheduleId, run.scheduleMark ?? 0n, day, owner ? run.session.userId : undefined)
      : { bookings: schedule.bookings.map((b) => ({ ...b, mine: owner && b.mine })) },
    exchanges: exchanges.map(decodeExchange),
  };
}

/**
 * The schedule as it stood at `mark`: the bookings made by then and not yet released, from the
 * run's day on, each marked only as the member's own or not (none is, for anyone else).
 */
async function scheduleAt(scheduleId: string, mark: bigint, from: string, userId: string | undefined): Promise<ScheduleSnapshot> {
  const found = await (
    await db()
  ).$queryRaw<{ courtId: string; date: string; time: string; startsAt: Date; userId: string }[]>`
    SELECT "courtId", "date", "time", "startsAt", "userId" FROM "Booking"
      WHERE "scheduleId" = ${scheduleId} AND "bookedMark" <= ${mark} AND "date" >= ${from}
    UNION ALL
    SELECT "courtId", "date", "time", "startsAt", "userId" FROM "ReleasedBooking"
      WHERE "scheduleId" = ${scheduleId} AND "bookedMark" <= ${mark} AND "releasedMark" > ${mark} AND "date" >= ${from}
    ORDER BY "date", "time", "courtId" LIMIT ${MAX_SCHEDULE_BOOKINGS}`;
  return {
    bookings: found.map((b) => ({
      courtId: b.courtId,
      date: b.date,
      time: b.time,
      startsAt: new Date(b.startsAt).toISOString(),
      mine: b.userId === userId,
    })),
  };
}

/**
 * The earlier exchanges of a run's conversation with an agent that keeps the conversation itself
 * (a Bedrock agent, addressed by its session's path): from the tapes of the runs before it in its
 * session; a fork's conversation before it is its parent's. A fork lays them into its agent's new
 * session, as they were on the wire.
 */
export async function earlierAgentExchanges(runId: string): Promise<Exchange[]> {
  const prisma = await db();
  const run = await prisma.run.findUnique({
    where: { id: runId },
    select: { tape: true, sessionId: true, pattern: true, createdAt: true },
  });
  if (!run?.tape) return [];
  const recording = unpackRecording(run.tape);
  if (recording.parentRunId) return earlierAgentExchanges(recording.parentRunId);
  const agentCalls = ({ exchanges }: StoredRecording) => exchanges.filter((e) => e.protocol === "bedrock-agent.invoke").map(decodeExchange);
  const sessions = new Set(agentCalls(recording).map((e) => new URL(e.request.url).pathname));
  if (sessions.size === 0) return [];
  const earlier = await prisma.run.findMany({
    where: { sessionId: run.sessionId, pattern: run.pattern, createdAt: { lt: run.createdAt }, tape: { not: null } },
    orderBy: { createdAt: "asc" },
    select: { tape: true },
  });
  return earlier.flatMap((r) => agentCalls(unpackRecording(r.tape!)).filter((e) => sessions.has(new URL(e.request.url).pathname)));
}

/** The run's tape as one document, for whoever may read the run (GET /api/runs/{id} rules); null when there is none. */
export async function tapeDocument(runId: string, viewerId: string): Promise<Tape | null> {
  const [run, tape] = await Promise.all([loadRun(runId, viewerId, ALL_EVENTS), loadTape(runId, viewerId)]);
  if (!run || !tape) return null;
  return {
    format: TAPE_FORMAT,
    run: {
      id: run.id,
      pattern: run.pattern,
      input: run.input,
      status: run.status,
      createdAt: run.createdAt,
      options: tape.options,
      ...(tape.parentRunId ? { parentRunId: tape.parentRunId } : {}),
      ...(tape.forkedAt !== null ? { forkedAt: tape.forkedAt } : {}),
      events: run.events,
    },
    stateBefore: tape.stateBefore,
    schedule: tape.schedule,
    exchanges: tape.exchanges,
    toolResults: tape.toolResults,
  };
}

/**
 * An uploaded tape becomes a stored run of the uploader's: a new run id (and session) with the
 * tape's events restamped to it, replayable at /runs/{id} and forkable like any recorded run.
 */
export async function importTape(tape: Tape, userId: string): Promise<{ runId: string }> {
  assertWithinTurnCap(tape.exchanges);
  const prisma = await db();
  const runId = `run_${randomUUID()}`;
  const sessionId = `ses_${randomUUID()}`;
  const events = tape.run.events.map((e) => (e.type === "run.start" ? { ...e, runId, sessionId } : { ...e, runId })) as TraceEvent[];
  const end = events.findLast((e) => e.type === "run.end");
  const clock = recordedClock(tape);
  await prisma.$transaction(async (tx) => {
    await tx.session.create({ data: { id: sessionId, userId } });
    await tx.run.create({
      data: {
        id: runId,
        sessionId,
        pattern: tape.run.pattern,
        input: tape.run.input,
        status: end?.type === "run.end" ? end.status : "interrupted",
        metrics: end?.type === "run.end" ? end.metrics : undefined,
        endedAt: new Date(),
        tape: packRecording({
          parentRunId: null,
          forkedAt: null,
          stateBefore: tape.stateBefore,
          options: tape.run.options,
          schedule: tape.schedule,
          exchanges: tape.exchanges,
          toolResults: tape.toolResults,
          ...(clock ? { clock } : {}),
        }),
      },
    });
    await tx.$executeRaw`INSERT INTO "TraceEvent" ("runId", "seq", "type", "data") SELECT ${runId}, (e->>'seq')::int, e->>'type', e FROM jsonb_array_elements(${jsonbText(events)}::jsonb) AS e`;
  });
  return { runId };
}

/** A fork's own schedule: a sandbox of the forker's laid out as the parent's schedule was; the parent member's bookings become the forker's. */
export async function forkSandbox(schedule: ScheduleSnapshot, userId: string): Promise<string> {
  const bookings = schedule.bookings.map((b) => ({
    courtId: b.courtId,
    date: b.date,
    time: b.time,
    startsAt: new Date(b.startsAt),
    userId: b.mine ? userId : SEED_USER,
  }));
  return (await createSandboxWith(userId, "fork", bookings)).id;
}

/** The clock a tape's run judged by, from its run.start (tapes downloaded before runs had clocks have none). */
function recordedClock(tape: Tape): Clock | undefined {
  const start = tape.run.events.find((e) => e.type === "run.start");
  if (start?.type !== "run.start" || !start.clock) return undefined;
  const { now, timeZone } = start.clock;
  return { now, timeZone };
}

/** Recorded exchanges that answer model calls, with the clock they were recorded on (their prompts name its day and time). */
export type PlaybackTape = { exchanges: Exchange[]; clock?: Clock };

const simTapes = new Map<string, Promise<PlaybackTape>>();

/** SIM_TAPE: the recorded exchanges the simulated vendors answer from, read once per path; an unreadable tape fails every run loudly. */
export function simTape(): Promise<PlaybackTape> | undefined {
  const path = env().SIM_TAPE;
  if (!path) return undefined;
  let loaded = simTapes.get(path);
  if (!loaded) {
    loaded = readFile(path, "utf8").then((text) => {
      const parsed = Tape.safeParse(JSON.parse(text));
      if (!parsed.success)
        throw new AppError(
          "bad_request",
          `SIM_TAPE ${path} is not a ${TAPE_FORMAT} tape: ${parsed.error.issues
            .slice(0, 3)
            .map((i) => `${i.path.join(".")} ${i.message}`)
            .join("; ")}`,
        );
      const clock = recordedClock(parsed.data);
      return { exchanges: parsed.data.exchanges, ...(clock ? { clock } : {}) };
    });
    simTapes.set(path, loaded);
  }
  return loaded;
}

/** The tape a run option `{tape: runId}` names, for playback. */
export async function playbackTape(runId: string): Promise<PlaybackTape> {
  const tape = await loadTape(runId);
  if (!tape) throw new AppError("not_found", `No tape is stored for run "${runId}".`);
  // A tape stored before uploads were held to the cap is held to it here.
  assertWithinTurnCap(tape.exchanges);
  return { exchanges: tape.exchanges, ...(tape.clock ? { clock: tape.clock } : {}) };
}
