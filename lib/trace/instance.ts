import { randomUUID } from "node:crypto";
import { db, dbKind } from "@/lib/db/client";
import { jsonbText } from "@/lib/db/json";
import { TraceEvent } from "./events";
import { foldMetrics } from "./metrics";

/**
 * This app process, as the runs it executes know it. A heartbeat keeps its row fresh; a run whose
 * process is gone (crashed, killed, redeployed) cannot still be running, and is closed as
 * `interrupted` with a final run.end, so nobody waits for it and every replay ends.
 */
const HEARTBEAT_MS = 10_000;
/** A process that missed this many heartbeats is gone; its runs are closed by whoever notices first. */
export const STALE_MS = 6 * HEARTBEAT_MS;
const FORGET_MS = 24 * 60 * 60_000;

const holder = globalThis as unknown as { __playgroundInstance?: { id: string; beating?: ReturnType<typeof setInterval> } };

export function instanceId(): string {
  holder.__playgroundInstance ??= { id: `inst_${randomUUID()}` };
  return holder.__playgroundInstance.id;
}

/** Registers this process, closes the runs no live process owns, and keeps doing both while it runs. */
export async function startInstance(): Promise<void> {
  await beat();
  await closeInterruptedRuns();
  const me = holder.__playgroundInstance!;
  me.beating ??= setInterval(
    () =>
      void beat()
        .then(closeInterruptedRuns)
        .catch((error: unknown) => console.error(error)),
    HEARTBEAT_MS,
  );
  me.beating.unref();
}

async function beat(): Promise<void> {
  const prisma = await db();
  const id = instanceId();
  await prisma.instance.upsert({ where: { id }, create: { id, seenAt: new Date() }, update: { seenAt: new Date() } });
  await prisma.instance.deleteMany({ where: { seenAt: { lt: new Date(Date.now() - FORGET_MS) } } });
}

/**
 * Closes runs left `running` by a process that is gone. The embedded database is open in one
 * process only (its folder is locked), so there every running run of another instance is dead.
 * On PostgreSQL other instances may be alive: only runs whose instance's heartbeat went stale,
 * and that are older than that bound, are closed. Returns the ids it closed.
 */
async function closeInterruptedRuns(): Promise<string[]> {
  const prisma = await db();
  const me = instanceId();
  const staleBefore = new Date(Date.now() - STALE_MS);
  const candidates =
    dbKind() === "pglite"
      ? await prisma.run.findMany({
          where: { status: "running", OR: [{ instanceId: null }, { instanceId: { not: me } }] },
          select: { id: true },
        })
      : await prisma.$queryRaw<
          { id: string }[]
        >`SELECT r."id" FROM "Run" r WHERE r."status" = 'running' AND r."createdAt" < ${staleBefore} AND NOT EXISTS (SELECT 1 FROM "Instance" i WHERE i."id" = r."instanceId" AND i."seenAt" >= ${staleBefore})`;
  const closed: string[] = [];
  for (const { id } of candidates) if (await closeAsInterrupted(id)) closed.push(id);
  return closed;
}

/** One transaction: the status flips only if still running (two sweepers never both close a run), and run.end follows the last stored event. */
async function closeAsInterrupted(runId: string): Promise<boolean> {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.run.updateMany({
      where: { id: runId, status: "running" },
      data: { status: "interrupted", endedAt: new Date() },
    });
    if (count === 0) return false;
    const stored = await tx.traceEvent.findMany({ where: { runId }, orderBy: { seq: "asc" }, select: { data: true } });
    const events = stored.map((e) => e.data as unknown as TraceEvent);
    const last = events.at(-1);
    const metrics = foldMetrics(events, last?.t ?? 0);
    const end = TraceEvent.parse({ type: "run.end", runId, seq: (last?.seq ?? 0) + 1, t: last?.t ?? 0, status: "interrupted", metrics });
    await tx.$executeRaw`INSERT INTO "TraceEvent" ("runId", "seq", "type", "data") VALUES (${runId}, ${end.seq}, ${end.type}, ${jsonbText(end)}::jsonb)`;
    await tx.run.update({ where: { id: runId }, data: { metrics } });
    return true;
  });
}
