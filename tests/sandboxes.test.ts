import { beforeEach, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
import { book, cancel, checkAvailability, daySchedule, listBookings, MAX_PER_DAY } from "@/lib/domain/bookings";
import {
  CLUB_SCHEDULE,
  createSandbox,
  demoSandbox,
  handDemoTo,
  openSandbox,
  removeExpiredSandboxes,
  resetSandbox,
} from "@/lib/domain/schedules";
import { freshDb } from "./helpers";

const clubFree = async (date: string, time?: string) => (await checkAvailability(date, time)).map((s) => s.slot_id);

describe("sandboxed schedules", () => {
  beforeEach(async () => {
    await freshDb();
  });

  it("seeds a sandbox like the club's schedule: the same courts and the same seed bookings", async () => {
    const sandbox = await createSandbox("m1", "compare");
    expect(sandbox.id).toMatch(/^sbx_/);
    for (const date of ["2026-12-01", "2026-12-02", "2026-12-06"]) {
      expect((await checkAvailability(date, undefined, sandbox.id)).map((s) => s.slot_id)).toEqual(await clubFree(date));
    }
  });

  it("keeps bookings apart: the same slot books once per schedule, and the club's schedule never sees a sandbox's", async () => {
    const before = await clubFree("2026-12-02");
    const a = await createSandbox("m1", "demo");
    const b = await createSandbox("m2", "compare");
    await book("m1", "2026-12-02_CourtA_1800", undefined, a.id);
    await book("m2", "2026-12-02_CourtA_1800", undefined, b.id);
    await expect(book("m3", "2026-12-02_CourtA_1800", undefined, a.id)).rejects.toMatchObject({ code: "slot_taken" });
    expect(await clubFree("2026-12-02")).toEqual(before);
    expect(await listBookings("m1")).toEqual([]);
    expect((await listBookings("m1", a.id)).map((x) => x.slot_id)).toEqual(["2026-12-02_CourtA_1800"]);

    await book("m1", "2026-12-02_CourtC_1800");
    expect((await checkAvailability("2026-12-02", "18:00", a.id)).map((s) => s.court)).toEqual(["Court C"]);
    expect((await daySchedule("m1", "2026-12-02", a.id)).find((c) => c.slot.slot_id === "2026-12-02_CourtC_1800")?.state).toBe("free");
  });

  it("counts the member's limits per schedule", async () => {
    const sandbox = await createSandbox("m1", "demo");
    for (let i = 0; i < MAX_PER_DAY; i++) await book("m1", `2026-12-04_CourtB_${10 + i}00`);
    await expect(book("m1", "2026-12-04_CourtB_1500")).rejects.toMatchObject({ code: "limit_reached" });
    await book("m1", "2026-12-04_CourtB_1500", undefined, sandbox.id);
    await book("m1", "2026-12-04_CourtB_1600", undefined, sandbox.id);
    await expect(book("m1", "2026-12-04_CourtB_1700", undefined, sandbox.id)).rejects.toMatchObject({ code: "limit_reached" });
  });

  it("cancels a booking only on its own schedule", async () => {
    const sandbox = await createSandbox("m1", "demo");
    const inSandbox = await book("m1", "2026-12-03_CourtD_0900", undefined, sandbox.id);
    await expect(cancel("m1", inSandbox.booking_id)).rejects.toMatchObject({ code: "booking_not_found" });
    await cancel("m1", inSandbox.booking_id, sandbox.id);
    expect(await listBookings("m1", sandbox.id)).toEqual([]);
  });

  it("opens a sandbox only for its owner, and not once it has expired; cleaning removes it with its bookings", async () => {
    const { db } = await import("@/lib/db/client");
    const prisma = await db();
    const sandbox = await createSandbox("m1", "compare");
    await book("m1", "2026-12-03_CourtA_0900", undefined, sandbox.id);
    await expect(openSandbox("m2", sandbox.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(openSandbox("m1", CLUB_SCHEDULE)).rejects.toMatchObject({ code: "not_found" });
    expect((await openSandbox("m1", sandbox.id)).id).toBe(sandbox.id);

    await prisma.schedule.update({ where: { id: sandbox.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(openSandbox("m1", sandbox.id)).rejects.toMatchObject({ code: "not_found" });
    const clubBookings = await prisma.booking.count({ where: { scheduleId: CLUB_SCHEDULE } });
    expect(await removeExpiredSandboxes()).toBe(1);
    expect(await prisma.booking.count({ where: { scheduleId: sandbox.id } })).toBe(0);
    expect(await prisma.booking.count({ where: { scheduleId: CLUB_SCHEDULE } })).toBe(clubBookings);
    expect(await prisma.schedule.findUnique({ where: { id: CLUB_SCHEDULE } })).not.toBeNull();
  });

  it("slides a sandbox's expiry forward on use", async () => {
    const sandbox = await createSandbox("m1", "demo");
    await new Promise((r) => setTimeout(r, 20));
    const reopened = await openSandbox("m1", sandbox.id);
    expect(Date.parse(reopened.expiresAt)).toBeGreaterThan(Date.parse(sandbox.expiresAt));
  });

  it("keeps one demo sandbox per member, releases the previous pattern's booking when the pattern changes, and resets to the seed", async () => {
    const demo = await demoSandbox("presenter");
    expect((await demoSandbox("presenter")).id).toBe(demo.id);
    expect((await demoSandbox("someone-else")).id).not.toBe(demo.id);
    const seeded = await checkAvailability("2026-12-02", undefined, demo.id);

    await handDemoTo("presenter", demo.id, "A");
    await book("presenter", "2026-12-02_CourtA_1800", undefined, demo.id);
    expect(await handDemoTo("presenter", demo.id, "A")).toEqual({ released: 0 });
    await book("presenter", "2026-12-02_CourtC_1800", undefined, demo.id);
    expect(await handDemoTo("presenter", demo.id, "B")).toEqual({ released: 2 });
    expect(await checkAvailability("2026-12-02", undefined, demo.id)).toEqual(seeded);

    await book("presenter", "2026-12-02_CourtA_1800", undefined, demo.id);
    await book("guest", "2026-12-02_CourtC_1800", undefined, demo.id);
    await resetSandbox("presenter", demo.id);
    expect(await checkAvailability("2026-12-02", undefined, demo.id)).toEqual(seeded);
  });
});
