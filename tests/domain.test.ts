import { beforeEach, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
import { book, cancel, checkAvailability, listBookings, MAX_PER_DAY } from "@/lib/domain/bookings";
import { freshDb } from "./helpers";

describe("booking domain", () => {
  beforeEach(async () => {
    await freshDb();
  });

  it("lists free slots sorted by time then court, hiding past hours and seed bookings", async () => {
    const slots = await checkAvailability("2026-12-01");
    expect(slots[0]).toMatchObject({ slot_id: "2026-12-01_CourtA_1100", court: "Court A", time: "11:00", duration_minutes: 60 });
    expect(slots.find((s) => s.slot_id === "2026-12-01_CourtA_1800")).toBeUndefined();
    const keys = slots.map((s) => `${s.time}${s.court}`);
    expect(keys).toEqual([...keys].sort());
  });

  it("books once, then refuses the same slot to anyone", async () => {
    const b = await book("u1", "2026-12-02_CourtC_1500");
    expect(b).toMatchObject({ slot_id: "2026-12-02_CourtC_1500", court: "Court C", date: "2026-12-02", time: "15:00" });
    await expect(book("u2", "2026-12-02_CourtC_1500")).rejects.toMatchObject({ code: "slot_taken" });
    expect(await listBookings("u1")).toHaveLength(1);
  });

  it("returns the first result for a retried idempotency key", async () => {
    const a = await book("u1", "2026-12-03_CourtA_0900", "key-1");
    const b = await book("u1", "2026-12-03_CourtA_0900", "key-1");
    expect(b.booking_id).toBe(a.booking_id);
  });

  it("enforces the per-day limit", async () => {
    for (let i = 0; i < MAX_PER_DAY; i++) await book("u1", `2026-12-04_CourtB_${10 + i}00`);
    await expect(book("u1", "2026-12-04_CourtB_1500")).rejects.toMatchObject({ code: "limit_reached" });
  });

  it("lets users cancel only their own bookings", async () => {
    const b = await book("u1", "2026-12-05_CourtD_0700");
    await expect(cancel("u2", b.booking_id)).rejects.toMatchObject({ code: "booking_not_found" });
    await cancel("u1", b.booking_id);
    expect(await listBookings("u1")).toHaveLength(0);
  });
});
