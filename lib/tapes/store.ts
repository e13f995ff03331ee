import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { db } from "@/lib/db/client";
import { jsonbText } from "@/lib/db/json";
import { SEED_USER } from "@/lib/db/seed";
import { clubToday } from "@/lib/domain/clock";
import { createSandboxWith } from "@/lib/domain/schedules";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { TraceEvent } from "@/lib/trace/events";
import { loadRun, type RunRow } from "@/lib/trace/store";
import { Exchange, ScheduleSnapshot, TAPE_FORMAT, Tape, TapeOptions, ToolRecord } from "./format";

/**
 * Tapes in the database: opened with their run, written once it ends, read back as one csp-tape/1 document by
 * whoever may read the run, and taken in from an upload as a stored run of its own.
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
};

/** A schedule snapshot holds at most this many bookings (ScheduleSnapshot's bound). */
const MAX_SNAPSHOT = 2000;
/** The recording columns of a tape whose run is not over yet (or whose writer died with it). */
const UNFINISHED = "";
/** How long a reader waits for a tape another instance is still writing, after its run ended. */
const WRITE_WAIT_MS = 2000;
const POLL_MS = 25;

/** Recordings on their way to the database, by run id: a reader of one of these waits for it. */
const writing = new Map<string, Promise<void>>();

export type TapeOpening = {
  scheduleId: string;
  userId: string;
  parentRunId: string | null;
  forkedAt: number | null;
  stateBefore: unknown;
  options: TapeOptions;
};

/**
 * A run's tape in the database. It opens in the statement that creates the run's row, where the
 * schedule as the run finds it is read inside the database (today's and later bookings, each only
 * marked as the member's own or not): no extra round trip as the run starts. Its recording is
 * written once the run is over, after the member has the answer; loadTape waits for it, so the
 * tape is there for whoever asks after the run.
 */
export class TapeWriter {
  private opened: Promise<unknown> = Promise.resolve();

  constructor(private readonly opening: TapeOpening) {}

  /** Creates the run's row and opens its tape (RunStore.open's `create`). */
  create = (run: RunRow): Promise<void> => {
    const o = this.opening;
    const opened = db().then(async (prisma) => {
      await prisma.$executeRaw`WITH "run" AS (
          INSERT INTO "Run" ("id", "sessionId", "pattern", "input", "instanceId")
          VALUES (${run.id}, ${run.sessionId}, ${run.pattern}, ${run.input}, ${run.instanceId}) RETURNING "id"
        ), "found" AS (
          SELECT "courtId", "date", "time", "startsAt", "userId" FROM "Booking"
          WHERE "scheduleId" = ${o.scheduleId} AND "date" >= ${clubToday()} ORDER BY "date", "time", "courtId" LIMIT ${MAX_SNAPSHOT}
        )
        INSERT INTO "Tape" ("runId", "parentRunId", "forkedAt", "stateBefore", "schedule", "options", "exchanges", "toolResults")
        SELECT "run"."id", ${o.parentRunId}::text, ${o.forkedAt}::int, ${jsonbText(o.stateBefore)}::jsonb,
          jsonb_build_object('bookings', coalesce((SELECT jsonb_agg(jsonb_build_object('courtId', "courtId", 'date', "date", 'time', "time",
            'startsAt', to_char("startsAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'mine', "userId" = ${o.userId}) ORDER BY "date", "time", "courtId") FROM "found"), '[]'::jsonb)),
          ${jsonbText(o.options)}::jsonb, ${UNFINISHED}, ${UNFINISHED} FROM "run"`;
    });
    this.opened = opened.catch(() => undefined);
    return opened;
  };

  /** Writes the recording after the run's end, off its critical path: decoding, hashing and the write wait for the event loop's next turn. */
  finish(runId: string, recording: () => { exchanges: Exchange[]; toolResults: ToolRecord[] }): void {
    const written = this.opened
      .then(() => new Promise((resolve) => setImmediate(resolve)))
      .then(async () => {
        const { exchanges, toolResults } = recording();
        await (
          await db()
        )
          .$executeRaw`UPDATE "Tape" SET "exchanges" = ${JSON.stringify(exchanges)}, "toolResults" = ${JSON.stringify(toolResults)} WHERE "runId" = ${runId}`;
      })
      // The member already has the answer; a tape that could not be stored must not turn it into a failure.
      .catch((error: unknown) => console.error(error))
      .finally(() => writing.delete(runId));
    writing.set(runId, written);
  }
}

/** Settles once the run's recording, if one is on its way to the database, is written (or has failed to be). */
export async function tapeWritten(runId: string): Promise<void> {
  await writing.get(runId);
}

async function saveTape(tape: StoredTape): Promise<void> {
  await (
    await db()
  ).$executeRaw`INSERT INTO "Tape" ("runId", "parentRunId", "forkedAt", "stateBefore", "schedule", "options", "exchanges", "toolResults")
    VALUES (${tape.runId}, ${tape.parentRunId}, ${tape.forkedAt}, ${jsonbText(tape.stateBefore ?? null)}::jsonb, ${jsonbText(tape.schedule)}::jsonb, ${jsonbText(tape.options)}::jsonb, ${JSON.stringify(tape.exchanges)}, ${JSON.stringify(tape.toolResults)})`;
}

export async function loadTape(runId: string): Promise<StoredTape | null> {
  await tapeWritten(runId);
  const prisma = await db();
  const read = () => prisma.tape.findUnique({ where: { runId }, include: { run: { select: { endedAt: true } } } });
  let row = await read();
  // Recorded by another instance that is writing it now: its run just ended, the recording is moments away.
  while (row?.exchanges === UNFINISHED && row.run.endedAt && Date.now() - row.run.endedAt.getTime() < WRITE_WAIT_MS) {
    await sleep(POLL_MS);
    row = await read();
  }
  if (!row || row.exchanges === UNFINISHED) return null;
  return {
    runId: row.runId,
    parentRunId: row.parentRunId,
    forkedAt: row.forkedAt,
    stateBefore: row.stateBefore,
    schedule: row.schedule as ScheduleSnapshot,
    options: row.options as TapeOptions,
    exchanges: JSON.parse(row.exchanges) as Exchange[],
    toolResults: JSON.parse(row.toolResults) as ToolRecord[],
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
  const tape = await prisma.tape.findUnique({
    where: { runId },
    select: { parentRunId: true, exchanges: true, run: { select: { sessionId: true, pattern: true, createdAt: true } } },
  });
  if (!tape || tape.exchanges === UNFINISHED) return [];
  if (tape.parentRunId) return earlierAgentExchanges(tape.parentRunId);
  const agentCalls = (exchanges: string) => (JSON.parse(exchanges) as Exchange[]).filter((e) => e.protocol === "bedrock-agent.invoke");
  const sessions = new Set(agentCalls(tape.exchanges).map((e) => new URL(e.request.url).pathname));
  if (sessions.size === 0) return [];
  const { sessionId, pattern, createdAt } = tape.run;
  const earlier = await prisma.tape.findMany({
    where: { run: { sessionId, pattern, createdAt: { lt: createdAt } } },
    orderBy: { run: { createdAt: "asc" } },
    select: { exchanges: true },
  });
  return earlier.flatMap((t) =>
    t.exchanges === UNFINISHED ? [] : agentCalls(t.exchanges).filter((e) => sessions.has(new URL(e.request.url).pathname)),
  );
}

/** The run's tape as one document, for whoever may read the run (GET /api/runs/{id} rules); null when there is none. */
export async function tapeDocument(runId: string, viewerId: string): Promise<Tape | null> {
  const [run, tape] = await Promise.all([loadRun(runId, viewerId), loadTape(runId)]);
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
  const prisma = await db();
  const runId = `run_${randomUUID()}`;
  const sessionId = `ses_${randomUUID()}`;
  const events = tape.run.events.map((e) => (e.type === "run.start" ? { ...e, runId, sessionId } : { ...e, runId })) as TraceEvent[];
  const end = events.findLast((e) => e.type === "run.end");
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
      },
    });
    await tx.$executeRaw`INSERT INTO "TraceEvent" ("runId", "seq", "type", "data") SELECT ${runId}, (e->>'seq')::int, e->>'type', e FROM jsonb_array_elements(${jsonbText(events)}::jsonb) AS e`;
  });
  await saveTape({
    runId,
    parentRunId: null,
    forkedAt: null,
    stateBefore: tape.stateBefore,
    schedule: tape.schedule,
    options: tape.run.options,
    exchanges: tape.exchanges,
    toolResults: tape.toolResults,
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

const simTapes = new Map<string, Promise<Exchange[]>>();

/** SIM_TAPE: the recorded exchanges the simulated vendors answer from, read once per path; an unreadable tape fails every run loudly. */
export function simTapeExchanges(): Promise<Exchange[]> | undefined {
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
      return parsed.data.exchanges;
    });
    simTapes.set(path, loaded);
  }
  return loaded;
}

/** The tape a run option `{tape: runId}` names, for playback. */
export async function playbackExchanges(runId: string): Promise<Exchange[]> {
  const tape = await loadTape(runId);
  if (!tape) throw new AppError("not_found", `No tape is stored for run "${runId}".`);
  return tape.exchanges;
}
