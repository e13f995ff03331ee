import { describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
import { demoSandbox } from "@/lib/domain/schedules";
import { freshDb } from "./helpers";

describe("a member's demo sandbox", () => {
  it("is one, however many of the page's first requests ask for it at once", async () => {
    await freshDb();
    const asked = await Promise.all(Array.from({ length: 4 }, () => demoSandbox("first-visit")));
    expect(new Set(asked.map((s) => s.id)).size).toBe(1);
    expect((await demoSandbox("first-visit")).id).toBe(asked[0].id);
  });
});
