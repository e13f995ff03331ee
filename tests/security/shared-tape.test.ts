import { beforeEach, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SIM_LATENCY = "off";
process.env.SESSION_SECRET = "security-test-secret-long-enough";
import * as runTape from "@/app/api/runs/[id]/tape/route";
import * as tapes from "@/app/api/tapes/route";
import { book } from "@/lib/domain/bookings";
import type { Tape } from "@/lib/tapes/format";
import { freshDb } from "../helpers";
import { turn } from "../patterns/harness";
import { answer, noParams, request, withId } from "./requests";

const tapeOf = async (runId: string, as?: string) => answer(await runTape.GET(request(`/api/runs/${runId}/tape`, { as }), withId(runId)));

describe("item 6: a shared replay link shows the schedule as anyone would see it", () => {
  beforeEach(async () => {
    await freshDb();
  });

  it("only the run's owner sees their bookings as theirs and the conversation before the run", async () => {
    await book("owner", "2026-12-03_CourtD_0900");
    const first = await turn("D", "What courts are free tomorrow at 4pm?", { userId: "owner" });
    const second = await turn("D", "And at 5pm?", { userId: "owner", sessionId: first.sessionId });

    const own = await tapeOf(second.runId, "owner");
    expect(own.status).toBe(200);
    expect((own.json as Tape).schedule.bookings.filter((b) => b.mine)).toHaveLength(1);
    expect(JSON.stringify(own.json.stateBefore)).toContain("free tomorrow at 4pm");

    for (const viewer of ["viewer", undefined]) {
      const shared = await tapeOf(second.runId, viewer);
      expect(shared.status).toBe(200);
      const tape = shared.json as Tape;
      expect(tape.schedule.bookings.length).toBe((own.json as Tape).schedule.bookings.length);
      expect(tape.schedule.bookings.some((b) => b.mine)).toBe(false);
      expect(tape.stateBefore).toBeUndefined();
    }
  });

  it("an uploaded tape's bookings are the uploader's own only for the uploader", async () => {
    await book("owner", "2026-12-03_CourtD_0900");
    const run = await turn("D", "What courts are free tomorrow at 4pm?", { userId: "owner" });
    const downloaded = (await tapeOf(run.runId, "owner")).json as Tape;
    const uploaded = await answer(await tapes.POST(request("/api/tapes", { as: "uploader", method: "POST", body: downloaded }), noParams));
    expect(uploaded.status).toBe(201);

    expect(((await tapeOf(uploaded.json.runId, "uploader")).json as Tape).schedule.bookings.filter((b) => b.mine)).toHaveLength(1);
    expect(((await tapeOf(uploaded.json.runId, "someone")).json as Tape).schedule.bookings.some((b) => b.mine)).toBe(false);
  });
});
