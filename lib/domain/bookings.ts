import { z } from "zod";
import { db } from "@/lib/db/client";
import { CLUB_SCHEDULE, seedRows } from "@/lib/db/seed";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { atClub, clubNow } from "./clock";
import { courtById } from "./courts";
import { assertBookableHour, assertValidDate, parseSlotId, slotId, slotsOfDay, type Slot } from "./slots";

/** A user's confirmed booking, as tools and the API return it (and services parse it). */
export const Booking = z.object({ booking_id: z.string(), slot_id: z.string(), court: z.string(), date: z.string(), time: z.string() });
export type Booking = z.infer<typeof Booking>;

export const MAX_PER_DAY = 2;
export const MAX_UPCOMING = 6;

/**
 * Every function takes the schedule it works on: the club's own by default, or a sandbox (lib/domain/
 * schedules.ts). Slots, limits and the one-booking-per-court-and-start rule hold per schedule.
 */

/** Free slots on a date (and hour), sorted by time then court. Past hours are never offered. */
export async function checkAvailability(date: string, time?: string, scheduleId = CLUB_SCHEDULE): Promise<Slot[]> {
  assertValidDate(date);
  if (time) assertBookableHour(date, time);
  const prisma = await db();
  const taken = await prisma.booking.findMany({
    where: { scheduleId, date, ...(time ? { time } : {}) },
    select: { courtId: true, time: true },
  });
  const takenIds = new Set(taken.map((b) => slotId(b.courtId, date, b.time)));
  return slotsOfDay(date, time).filter((s) => !takenIds.has(s.slot_id));
}

/**
 * Who holds each slot of a day, for the courts view: "free", "taken" or "yours". `null` is a sandbox
 * not laid yet (a demo sandbox is made by the first change, never by a look): the seed, none yours.
 */
export async function daySchedule(
  userId: string,
  date: string,
  scheduleId: string | null = CLUB_SCHEDULE,
): Promise<{ slot: Slot; state: "free" | "taken" | "yours" | "past"; booking_id?: string }[]> {
  assertValidDate(date);
  const rows =
    scheduleId === null
      ? seedRows()
          .filter((row) => row.date === date)
          .map((row) => ({ ...row, id: "" }))
      : await (
          await db()
        ).booking.findMany({
          where: { scheduleId, date },
          select: { id: true, courtId: true, time: true, userId: true },
        });
  const byId = new Map(rows.map((b) => [slotId(b.courtId, date, b.time), b]));
  const now = clubNow();
  const all = slotsOfDay(date, undefined, { includePast: true });
  return all.map((slot) => {
    const b = byId.get(slot.slot_id);
    if (b) return b.userId === userId ? { slot, state: "yours" as const, booking_id: b.id } : { slot, state: "taken" as const };
    return { slot, state: atClub(slot.date, slot.time) <= now ? ("past" as const) : ("free" as const) };
  });
}

/**
 * Books a slot for a user. The user always comes from the server-side session, never from a model.
 * The database's unique constraint decides races; a retried call with the same idempotency key
 * returns the first result.
 */
export async function book(userId: string, slotIdInput: string, idempotencyKey?: string, scheduleId = CLUB_SCHEDULE): Promise<Booking> {
  const prisma = await db();
  if (idempotencyKey) {
    const prior = await prisma.booking.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey } } });
    if (prior) return replay(prior, slotIdInput.trim());
  }
  const { court, date, time } = parseSlotId(slotIdInput);
  const startsAt = atClub(date, time).toJSDate();

  for (let attempt = 0; ; attempt++) {
    try {
      const created = await prisma.$transaction(async (tx) => {
        // Serialise one user's bookings so parallel requests cannot slip past the limits together.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${scheduleId}:${userId}`}))`;
        const sameDay = await tx.booking.count({ where: { scheduleId, userId, date } });
        if (sameDay >= MAX_PER_DAY)
          throw new AppError("limit_reached", `You already hold ${MAX_PER_DAY} bookings on ${date}; that is the daily limit.`);
        const upcoming = await tx.booking.count({ where: { scheduleId, userId, startsAt: { gt: clubNow().toJSDate() } } });
        if (upcoming >= MAX_UPCOMING)
          throw new AppError("limit_reached", `You already hold ${MAX_UPCOMING} upcoming bookings; that is the limit.`);
        return tx.booking.create({ data: { scheduleId, courtId: court.id, date, time, startsAt, userId, idempotencyKey } });
      });
      return toBooking(created);
    } catch (error) {
      if (error instanceof AppError) throw error;
      const known = error instanceof Prisma.PrismaClientKnownRequestError ? error : undefined;
      const code = known?.code;
      if (known && code === "P2002") {
        if (idempotencyKey && isIdempotencyConflict(known)) {
          const prior = await prisma.booking.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey } } });
          if (prior) return replay(prior, slotId(court.id, date, time));
        }
        throw new AppError("slot_taken", `${court.name} on ${date} at ${time} is already booked.`, {
          details: { slot_id: slotId(court.id, date, time) },
        });
      }
      // Write conflicts and busy connections are transient: retry a few times, then say so plainly.
      if ((code === "P2034" || code === "P1008") && attempt < 3) continue;
      if (code === "P2034" || code === "P1008")
        throw new AppError("slot_taken", `${court.name} on ${date} at ${time} could not be booked under contention; try again.`, {
          retryable: true,
        });
      throw error;
    }
  }
}

/** A retry with the same key gets the first result; the same key for another slot is a mistake, not a retry. */
function replay(prior: { id: string; courtId: string; date: string; time: string }, requested: string): Booking {
  const first = toBooking(prior);
  if (first.slot_id !== requested)
    throw new AppError(
      "idempotency_conflict",
      `That idempotency key was already used to book ${first.slot_id}; use a new key for another slot.`,
    );
  return first;
}

function isIdempotencyConflict(error: Prisma.PrismaClientKnownRequestError): boolean {
  return JSON.stringify(error.meta ?? {}).includes("idempotencyKey");
}

export async function cancel(userId: string, bookingId: string, scheduleId = CLUB_SCHEDULE): Promise<Booking> {
  const prisma = await db();
  const found = await prisma.booking.findUnique({ where: { id: bookingId } });
  // Someone else's booking, or one on another schedule, answers exactly like a missing one, so ids cannot be probed.
  if (!found || found.userId !== userId || found.scheduleId !== scheduleId)
    throw new AppError("booking_not_found", `You hold no booking with the id "${bookingId}".`);
  // Only deleted if still this member's: a concurrent cancel finds nothing rather than failing.
  const { count } = await prisma.booking.deleteMany({ where: { id: bookingId, userId, scheduleId } });
  if (count === 0) throw new AppError("booking_not_found", `You hold no booking with the id "${bookingId}".`);
  return toBooking(found);
}

/** The user's upcoming bookings, soonest first. */
export async function listBookings(userId: string, scheduleId = CLUB_SCHEDULE): Promise<Booking[]> {
  const prisma = await db();
  const rows = await prisma.booking.findMany({
    where: { scheduleId, userId, startsAt: { gt: clubNow().toJSDate() } },
    orderBy: { startsAt: "asc" },
  });
  return rows.map(toBooking);
}

function toBooking(b: { id: string; courtId: string; date: string; time: string }): Booking {
  return { booking_id: b.id, slot_id: slotId(b.courtId, b.date, b.time), court: courtById(b.courtId)!.name, date: b.date, time: b.time };
}
