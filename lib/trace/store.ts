import { db } from "@/lib/db/client";
import { jsonbText } from "@/lib/db/json";
import type { Metrics, TraceEvent } from "./events";

/**
 * Runs and their events in the database, so any instance can replay any run. Events are written
 * in batches off the hot path; finish() flushes everything, also after errors and aborts.
 */
export class RunStore {
  private pending: TraceEvent[] = [];
  private writing: Promise<void>;
  private timer: ReturnType<typeof setTimeout> | undefined;

  private constructor(private readonly runId: string, created: Promise<void>) {
    this.writing = created;
  }

  /** The run's row is written in the background like its events; a failure surfaces in finish(). */
  static open(run: { id: string; sessionId: string; pattern: string; input: string }): RunStore {
    const created = db().then(async (prisma) => { await prisma.run.create({ data: run }); });
    created.catch(() => undefined);
    return new RunStore(run.id, created);
  }

  add = (event: TraceEvent): void => {
    this.pending.push(event);
    // A failed batch surfaces in finish(), which awaits the same chain.
    this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), 25);
  };

  async finish(status: "ok" | "error" | "aborted", metrics: Metrics): Promise<void> {
    await this.flush();
    await (await db()).run.update({ where: { id: this.runId }, data: { status, metrics, endedAt: new Date() } });
  }

  private flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return this.writing;
    // One JSON parameter expanded by PostgreSQL: about six times cheaper than createMany's row of parameters per event.
    const events = jsonbText(batch);
    this.writing = this.writing.then(async () => {
      await (await db()).$executeRaw`INSERT INTO "TraceEvent" ("runId", "seq", "type", "data") SELECT ${this.runId}, (e->>'seq')::int, e->>'type', e FROM jsonb_array_elements(${events}::jsonb) AS e`;
    });
    return this.writing;
  }
}

export async function loadRun(id: string) {
  const run = await (await db()).run.findUnique({ where: { id }, include: { events: { orderBy: { seq: "asc" } } } });
  if (!run) return null;
  return {
    id: run.id,
    sessionId: run.sessionId,
    pattern: run.pattern,
    input: run.input,
    status: run.status,
    metrics: run.metrics,
    createdAt: run.createdAt.toISOString(),
    endedAt: run.endedAt?.toISOString() ?? null,
    events: run.events.map((e) => e.data as unknown as TraceEvent),
  };
}

export async function listRuns(sessionId: string) {
  const runs = await (await db()).run.findMany({ where: { sessionId }, orderBy: { createdAt: "asc" }, select: { id: true, pattern: true, input: true, status: true, metrics: true, createdAt: true } });
  return runs.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
