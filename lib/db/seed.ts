import { addDays, atClub, clubToday } from "@/lib/domain/clock";
import { COURTS } from "@/lib/domain/courts";
import type { Db } from "./types";

/** Member id that owns the seed bookings: other players, so the schedule looks lived in. */
export const SEED_USER = "seed-members";

/** The club's own schedule (created by the sandboxes migration); sandboxes are seeded like it. */
export const CLUB_SCHEDULE = "club";

/** Deterministic existing bookings, relative to the club's today: [days ahead, court, time]. */
export const SEED_BOOKINGS: [number, string, string][] = [
  [0, "A", "18:00"],
  [0, "C", "19:00"],
  [0, "D", "20:00"],
  [1, "A", "09:00"],
  [1, "B", "18:00"],
  [1, "D", "18:00"],
  [1, "D", "19:00"],
  [2, "C", "10:00"],
  [2, "A", "17:00"],
  [3, "B", "08:00"],
  [3, "D", "12:00"],
  [5, "A", "15:00"],
  [5, "C", "15:00"],
];

export async function seedIfEmpty(prisma: Db): Promise<void> {
  if ((await prisma.court.count()) > 0) return;
  await prisma.court.createMany({ data: COURTS.map((c) => ({ ...c })), skipDuplicates: true });
  await prisma.schedule.upsert({ where: { id: CLUB_SCHEDULE }, create: { id: CLUB_SCHEDULE, kind: "club" }, update: {} });
  await seedBookings(prisma, CLUB_SCHEDULE);
}

/** Clears the club's bookings and lays its seed again (the development "reset"); sandboxes keep theirs. */
export async function resetSchedule(prisma: Db): Promise<void> {
  await prisma.schedule.upsert({ where: { id: CLUB_SCHEDULE }, create: { id: CLUB_SCHEDULE, kind: "club" }, update: {} });
  await prisma.booking.deleteMany({ where: { scheduleId: CLUB_SCHEDULE } });
  await prisma.court.createMany({ data: COURTS.map((c) => ({ ...c })), skipDuplicates: true });
  await seedBookings(prisma, CLUB_SCHEDULE);
}

type BookingWriter = Pick<Db, "booking">;

/** The seed bookings, relative to the club's today: what a fresh sandbox holds before anyone books. */
export function seedRows(): { courtId: string; date: string; time: string; startsAt: Date; userId: string }[] {
  const today = clubToday();
  return SEED_BOOKINGS.map(([days, courtId, time]) => {
    const date = addDays(today, days);
    return { courtId, date, time, startsAt: atClub(date, time).toJSDate(), userId: SEED_USER };
  });
}

/** Lays the seed bookings, relative to the club's today, into a schedule (the club's or a sandbox). */
export async function seedBookings(prisma: BookingWriter, scheduleId: string): Promise<void> {
  await prisma.booking.createMany({ data: seedRows().map((row) => ({ ...row, scheduleId })), skipDuplicates: true });
}
