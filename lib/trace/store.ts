import { db } from "@/lib/db/client";
import { jsonbText } from "@/lib/db/json";
import { Prisma } from "@/lib/generated/prisma/client";
import { MAX_RUN_EVENTS, type Metrics, type TraceEvent } from "./events";
import { instanceId } from "./instance";

/**
 * Runs and their events in the database, so any instance can replay any run. Events are written
 * in batches off the hot path, at most FLUSH_MS after they happen, and at once after a tool
 * result (a booking's record never waits); a crash loses at most that last moment. finish()
 * flushes everything, also after errors and aborts, and closes the run even when a batch failed.
 */
const FLUSH_MS = 25;

/** A run's row as it is created. */
export type RunRow = { id: string; sessionId: string; pattern: string; input: string; instanceId: string };

// One plain statement, as the tape's opening writes it (lib/tapes/store.ts): the ORM's create costs about twice as much.
async function createRun(run: RunRow): Promise<void> {
  const prisma = await db();
  await prisma.$executeRaw`INSERT INTO "Run" ("id", "sessionId", "pattern", "input", "instanceId")
    VALUES (${run.id}, ${run.sessionId}, ${run.pattern}, ${run.input}, ${run.instanceId})`;
}

export class RunStore {
  private pending: TraceEvent[] = [];
  private writing: Promise<void>;
  private failure: unknown;
  private timer: ReturnType<typeof setTimeout> | undefined;

  private constructor(
    private readonly runId: string,
    created: Promise<void>,
  ) {
    this.writing = created.catch((error: unknown) => {
      this.failure ??= error;
    });
  }

  /**
   * The run's row is written in the background like its events; a failure surfaces in finish().
   * `create` writes it: by default alone, or with what must be read as the run starts in the same statement (its tape).
   */
  static open(run: Omit<RunRow, "instanceId">, create: (run: RunRow) => Promise<void> = createRun): RunStore {
    return new RunStore(run.id, create({ ...run, instanceId: instanceId() }));
  }

  add = (event: TraceEvent): void => {
    this.pending.push(event);
    if (event.type === "tool.result") void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  };

  /**
   * Closes the run after its last events, with its tape when it was recorded (lib/tapes): what
   * belongs to a run's end is written in one statement. Should the tape fail to pack or to fit,
   * the run is still closed without it.
   */
  async finish(status: "ok" | "error" | "aborted" | "paused", metrics: Metrics, tape?: () => string): Promise<void> {
    await this.flush();
    const prisma = await db();
    const close = (recorded?: string) =>
      prisma.$executeRaw`UPDATE "Run" SET "status" = ${status}, "metrics" = ${jsonbText(metrics)}::jsonb, "endedAt" = ${new Date()}${
        recorded === undefined ? Prisma.empty : Prisma.sql`, "tape" = ${recorded}`
      } WHERE "id" = ${this.runId}`;
    try {
      await close(tape?.());
    } catch (error) {
      if (!tape) throw error;
      console.error(error);
      await close();
    }
    if (this.failure) throw this.failure;
  }

  /** Writes what is pending after what is already on its way; a failed batch is remembered, not repeated, and does not stop later ones. */
  private flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return this.writing;
    // One JSON parameter expanded by PostgreSQL: about six times cheaper than createMany's row of parameters per event.
    const events = jsonbText(batch);
    this.writing = this.writing
      .then(async () => {
        await (
          await db()
        )
          .$executeRaw`INSERT INTO "TraceEvent" ("runId", "seq", "type", "data") SELECT ${this.runId}, (e->>'seq')::int, e->>'type', e FROM jsonb_array_elements(${events}::jsonb) AS e`;
      })
      .catch((error: unknown) => {
        this.failure ??= error;
      });
    return this.writing;
  }
}

/** The most events one read of a run returns (GET /api/runs/{id} pages longer runs); a run the app records has at most MAX_RUN_EVENTS. */
export const RUN_EVENTS_PAGE = 1000;
/** Which of a run's events to read: those after seq `after`, at most `limit`. */
type EventsPage = { after: number; limit: number };
/** All a run may have: for the tape and the OpenTelemetry export, which are one document each. */
export const ALL_EVENTS: EventsPage = { after: 0, limit: MAX_RUN_EVENTS };

/**
 * A run and its events, as a replay link shows it. Run ids are unguessable, so a link can be
 * shared; the conversation it belongs to is not shared with it: only the member who owns the
 * session sees its id (anyone holding it could otherwise address that conversation). The events
 * come a page at a time; `nextAfter` is there when more follow (the seq to ask for them after).
 */
/** Whether a run with this id is stored (any run can be replayed by its id: /runs/{id} answers 404 otherwise). */
export async function runExists(id: string): Promise<boolean> {
  if (id.length > 120) return false;
  const run = await (await db()).run.findUnique({ where: { id }, select: { id: true } });
  return run !== null;
}

export async function loadRun(id: string, viewerId: string, page: EventsPage = { after: 0, limit: RUN_EVENTS_PAGE }) {
  const run = await (
    await db()
  ).run.findUnique({
    where: { id },
    // The tape is read only when asked for (lib/tapes/store.ts).
    omit: { tape: true },
    include: {
      // One more than the page, to know whether more follow.
      events: { where: { seq: { gt: page.after } }, orderBy: { seq: "asc" }, take: page.limit + 1 },
      session: { select: { userId: true } },
    },
  });
  if (!run) return null;
  const owner = run.session.userId === viewerId;
  const stored = run.events.slice(0, page.limit);
  const events = stored.map((e) => e.data as unknown as TraceEvent);
  return {
    id: run.id,
    ...(owner ? { sessionId: run.sessionId } : {}),
    pattern: run.pattern,
    input: run.input,
    status: run.status,
    metrics: run.metrics,
    createdAt: run.createdAt.toISOString(),
    endedAt: run.endedAt?.toISOString() ?? null,
    events: owner ? events : events.map((e) => (e.type === "run.start" ? { ...e, sessionId: "" } : e)),
    ...(run.events.length > page.limit ? { nextAfter: stored.at(-1)!.seq } : {}),
  };
}

export async function listRuns(sessionId: string) {
  const runs = await (
    await db()
  ).run.findMany({
    where: { sessionId },
    orderBy: { createdAt: "asc" },
    select: { id: true, pattern: true, input: true, status: true, metrics: true, createdAt: true },
  });
  return runs.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
