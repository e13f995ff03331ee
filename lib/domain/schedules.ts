import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { CLUB_SCHEDULE, seedBookings } from "@/lib/db/seed";
import type { Db } from "@/lib/db/types";
import { AppError } from "@/lib/errors";

export { CLUB_SCHEDULE };

/**
 * Sandboxes: schedules seeded like the club's (same courts, same seed bookings relative to the
 * club's today) that belong to one member and never touch the club's own. They are cheap (one row
 * and the seed's dozen bookings), slide their expiry forward on every use and are removed, with
 * their bookings, once idle for SANDBOX_IDLE_MS, by the background sweep (lib/db/retention.ts) in
 * batches of SWEEP_BATCH, never inside a request. A member holds at most MAX_PER_MEMBER: a new one
 * past that removes the member's least recently used, so no member can pile them up.
 */
const SANDBOX_IDLE_MS = 2 * 60 * 60 * 1000;
/** Two full comparisons of the eight patterns. */
export const MAX_SANDBOXES_PER_MEMBER = 16;
const SWEEP_BATCH = 200;

export type SandboxKind = "demo" | "compare" | "fork" | "eval";
export type Sandbox = { id: string; kind: SandboxKind; expiresAt: string };

function expiry(now = Date.now()): Date {
  return new Date(now + SANDBOX_IDLE_MS);
}

function toSandbox(row: { id: string; kind: string; expiresAt: Date | null }): Sandbox {
  return { id: row.id, kind: row.kind as SandboxKind, expiresAt: (row.expiresAt ?? expiry()).toISOString() };
}

/** Removes up to `batch` sandboxes idle past their expiry, bookings included; the club's schedule never expires. */
export async function removeExpiredSandboxes(batch = SWEEP_BATCH): Promise<number> {
  const prisma = await db();
  return prisma.$executeRaw`DELETE FROM "Schedule" WHERE "id" IN (
    SELECT "id" FROM "Schedule" WHERE "expiresAt" < now() ORDER BY "expiresAt" LIMIT ${batch})`;
}

/** Keeps the member's newest sandboxes (by last use) within MAX_SANDBOXES_PER_MEMBER. */
async function evictBeyondCap(tx: Pick<Db, "$executeRaw">, ownerId: string): Promise<void> {
  await tx.$executeRaw`DELETE FROM "Schedule" WHERE "id" IN (
    SELECT "id" FROM "Schedule" WHERE "ownerId" = ${ownerId} AND "kind" <> 'club'
    ORDER BY "expiresAt" DESC, "createdAt" DESC OFFSET ${MAX_SANDBOXES_PER_MEMBER})`;
}

/** Removes one of the member's sandboxes with its bookings at once (an evaluation's case, once judged), rather than waiting for it to expire. */
export async function removeSandbox(ownerId: string, id: string): Promise<void> {
  const prisma = await db();
  await prisma.schedule.deleteMany({ where: { id, ownerId, kind: { not: "club" } } });
}

/** A new sandbox for the member, seeded like the club's schedule. */
export async function createSandbox(ownerId: string, kind: SandboxKind): Promise<Sandbox> {
  const prisma = await db();
  const id = `sbx_${randomUUID()}`;
  const row = await prisma.$transaction(async (tx) => {
    const created = await tx.schedule.create({ data: { id, kind, ownerId, expiresAt: expiry() } });
    await seedBookings(tx, id);
    await evictBeyondCap(tx, ownerId);
    return created;
  });
  return toSandbox(row);
}

/** A sandbox laid out as given instead of seeded: a fork's, as the club's schedule was when its parent ran. */
export async function createSandboxWith(
  ownerId: string,
  kind: SandboxKind,
  bookings: { courtId: string; date: string; time: string; startsAt: Date; userId: string }[],
): Promise<Sandbox> {
  const prisma = await db();
  const id = `sbx_${randomUUID()}`;
  const row = await prisma.$transaction(async (tx) => {
    const created = await tx.schedule.create({ data: { id, kind, ownerId, expiresAt: expiry() } });
    await tx.booking.createMany({ data: bookings.map((b) => ({ ...b, scheduleId: id })), skipDuplicates: true });
    await evictBeyondCap(tx, ownerId);
    return created;
  });
  return toSandbox(row);
}

/**
 * The member's own live sandbox by id, its expiry pushed forward. Someone else's, an expired one
 * and the club's schedule all read as not found, so an id cannot be probed.
 */
export async function openSandbox(ownerId: string, id: string, kind?: SandboxKind): Promise<Sandbox> {
  const prisma = await db();
  const { count } = await prisma.schedule.updateMany({
    where: { id, ownerId, expiresAt: { gt: new Date() }, ...(kind ? { kind } : {}) },
    data: { expiresAt: expiry() },
  });
  const row = count ? await prisma.schedule.findUnique({ where: { id } }) : null;
  if (!row) throw new AppError("not_found", `No sandbox "${id}" of yours is open; it may have expired.`);
  return toSandbox(row);
}

/** The member's live demo sandbox, or null when there is none (nothing is created). */
async function liveDemoSandbox(ownerId: string): Promise<Sandbox | null> {
  const prisma = await db();
  const live = await prisma.schedule.findFirst({
    where: { ownerId, kind: "demo", expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
  });
  return live ? openSandbox(ownerId, live.id, "demo") : null;
}

/** The member's demo sandbox: the live one, or a fresh one when there is none. */
export async function demoSandbox(ownerId: string): Promise<Sandbox> {
  // A page's first requests (the courts, My bookings, a chat turn) come at once: they share one
  // look-up, so a member never gets two demo sandboxes that book and show different schedules.
  const pending = findingDemo.get(ownerId);
  if (pending) return pending;
  const found = (async () => (await liveDemoSandbox(ownerId)) ?? createSandbox(ownerId, "demo"))().finally(() =>
    findingDemo.delete(ownerId),
  );
  findingDemo.set(ownerId, found);
  return found;
}

/** The demo look-ups under way in this process, by member. */
const findingDemo = new Map<string, Promise<Sandbox>>();

/** Lays a sandbox's seed again: every booking in it goes, the seed comes back. */
export async function resetSandbox(ownerId: string, id: string): Promise<Sandbox> {
  const sandbox = await openSandbox(ownerId, id);
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    await tx.booking.deleteMany({ where: { scheduleId: id } });
    await tx.schedule.update({ where: { id }, data: { pattern: null } });
    await seedBookings(tx, id);
  });
  return sandbox;
}

/**
 * Hands a demo sandbox to the pattern about to run in it. When the pattern changes, the member's
 * bookings there (the previous pattern's demo booking) are released, so the same request succeeds
 * through every pattern in a row; turns of the same pattern keep theirs, and the seed stays.
 */
export async function handDemoTo(ownerId: string, id: string, pattern: string): Promise<{ released: number }> {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.schedule.updateMany({
      where: { id, ownerId, kind: "demo", OR: [{ pattern: null }, { pattern: { not: pattern } }] },
      data: { pattern },
    });
    if (!count) return { released: 0 };
    const released = await tx.booking.deleteMany({ where: { scheduleId: id, userId: ownerId } });
    return { released: released.count };
  });
}

export type ScheduleView = { id: string; kind: "club" | SandboxKind; expiresAt?: string };

/** Which schedule a member works on: their demo sandbox (made on first use), one of their sandboxes by id, or the club's. */
export async function scheduleView(ownerId: string, pick: { demo?: boolean; sandboxId?: string }): Promise<ScheduleView> {
  if (pick.sandboxId) return openSandbox(ownerId, pick.sandboxId);
  if (pick.demo) return demoSandbox(ownerId);
  return { id: CLUB_SCHEDULE, kind: "club" };
}

/**
 * Which schedule a member is looking at, for reads (and a cancellation, which has nothing to
 * cancel in a sandbox never made): as scheduleView, but a demo sandbox not made yet is `null`,
 * so anonymous reads never create rows.
 */
export async function existingScheduleView(ownerId: string, pick: { demo?: boolean; sandboxId?: string }): Promise<ScheduleView | null> {
  if (pick.demo && !pick.sandboxId) return liveDemoSandbox(ownerId);
  return scheduleView(ownerId, pick);
}
