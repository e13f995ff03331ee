import { addDays, atClub, clubToday } from "@/lib/domain/clock";
import { COURTS } from "@/lib/domain/courts";
import type { Db } from "./client";

/** Member id that owns the seed bookings: other players, so the schedule looks lived in. */
export const SEED_USER = "seed-members";

/** Deterministic existing bookings, relative to the club's today: [days ahead, court, time]. */
const SEED_BOOKINGS: [number, string, string][] = [
  [0, "A", "18:00"], [0, "C", "19:00"], [0, "D", "20:00"],
  [1, "A", "09:00"], [1, "B", "18:00"], [1, "D", "18:00"], [1, "D", "19:00"],
  [2, "C", "10:00"], [2, "A", "17:00"],
  [3, "B", "08:00"], [3, "D", "12:00"],
  [5, "A", "15:00"], [5, "C", "15:00"],
];

export async function seedIfEmpty(prisma: Db): Promise<void> {
  if ((await prisma.court.count()) > 0) return;
  await prisma.court.createMany({ data: COURTS.map((c) => ({ ...c })), skipDuplicates: true });
  await seedBookings(prisma);
}

/** Clears every booking and lays the seed schedule again (the demo "reset" button). */
export async function resetSchedule(prisma: Db): Promise<void> {
  await prisma.$transaction([prisma.booking.deleteMany({})]);
  await prisma.court.createMany({ data: COURTS.map((c) => ({ ...c })), skipDuplicates: true });
  await seedBookings(prisma);
}

async function seedBookings(prisma: Db): Promise<void> {
  const today = clubToday();
  await prisma.booking.createMany({
    data: SEED_BOOKINGS.map(([days, courtId, time]) => {
      const date = addDays(today, days);
      return { courtId, date, time, startsAt: atClub(date, time).toJSDate(), userId: SEED_USER };
    }),
    skipDuplicates: true,
  });
}
