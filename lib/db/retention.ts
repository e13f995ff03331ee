import { removeExpiredSandboxes } from "@/lib/domain/schedules";
import { env } from "@/lib/env";
import { db } from "./client";

/**
 * What grows, and what bounds it (README "What the database keeps"). A sweep in the background,
 * never inside a request, removes:
 * - sandboxes idle past their expiry, with their bookings;
 * - runs (their events and tapes with them; an uploaded tape is a run) started more than
 *   RETENTION_DAYS ago and no longer running or paused, conversations idle that long with no run
 *   left, evaluations and approvals that old;
 * - released bookings that no remaining run's tape can ask for (a run's schedule is derived from
 *   the bookings released after its mark, so those released before the oldest mark are no one's).
 * Every statement removes at most BATCH rows and a sweep makes at most MAX_BATCHES of each kind,
 * so a backlog drains over several sweeps while requests go on between statements.
 * RETENTION_DAYS=0 keeps runs, conversations and evaluations for ever.
 */
const SWEEP_EVERY_MS = 60_000;
const BATCH = 200;
const MAX_BATCHES = 25;
const DAY_MS = 24 * 60 * 60_000;

const holder = globalThis as unknown as { __playgroundSweep?: ReturnType<typeof setInterval> };

/** Starts the periodic sweep in this process (once). */
export function startRetentionSweep(): void {
  holder.__playgroundSweep ??= setInterval(() => void sweep().catch((error: unknown) => console.error(error)), SWEEP_EVERY_MS);
  holder.__playgroundSweep.unref();
}

type Swept = { sandboxes: number; runs: number; sessions: number; evaluations: number; approvals: number; released: number };

/** One sweep; returns how many rows of each kind went. */
export async function sweep(now = new Date()): Promise<Swept> {
  const prisma = await db();
  const swept: Swept = { sandboxes: 0, runs: 0, sessions: 0, evaluations: 0, approvals: 0, released: 0 };
  swept.sandboxes = await batches(() => removeExpiredSandboxes(BATCH));
  const days = env().RETENTION_DAYS;
  if (days > 0) {
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    swept.runs = await batches(
      () => prisma.$executeRaw`DELETE FROM "Run" WHERE "id" IN (
        SELECT "id" FROM "Run" WHERE "createdAt" < ${cutoff} AND "status" NOT IN ('running', 'paused') LIMIT ${BATCH})`,
    );
    swept.sessions = await batches(
      () => prisma.$executeRaw`DELETE FROM "Session" WHERE "id" IN (
        SELECT s."id" FROM "Session" s WHERE s."updatedAt" < ${cutoff}
          AND NOT EXISTS (SELECT 1 FROM "Run" r WHERE r."sessionId" = s."id") LIMIT ${BATCH})`,
    );
    swept.evaluations = await batches(
      () => prisma.$executeRaw`DELETE FROM "Evaluation" WHERE "id" IN (
        SELECT "id" FROM "Evaluation" WHERE "createdAt" < ${cutoff} AND "status" <> 'running' LIMIT ${BATCH})`,
    );
    swept.approvals = await batches(
      () => prisma.$executeRaw`DELETE FROM "Approval" WHERE "id" IN (
        SELECT "id" FROM "Approval" WHERE "expiresAt" < ${cutoff} LIMIT ${BATCH})`,
    );
  }
  // A run notes the sequence's last value as it starts, so one starting now needs none of these either.
  swept.released = await batches(
    () => prisma.$executeRaw`DELETE FROM "ReleasedBooking" WHERE "id" IN (
      SELECT "id" FROM "ReleasedBooking" WHERE "releasedMark" <= (
        SELECT coalesce(min("scheduleMark"), pg_sequence_last_value('"ScheduleChange"'), 0) FROM "Run" WHERE "scheduleMark" IS NOT NULL)
      LIMIT ${BATCH})`,
  );
  return swept;
}

async function batches(remove: () => Promise<number>): Promise<number> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const count = await remove();
    total += count;
    if (count < BATCH) break;
  }
  return total;
}
