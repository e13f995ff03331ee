import { describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "demo-test-secret-long-enough";
delete process.env.ALLOW_RESET;
import * as reset from "@/app/api/admin/reset/route";
import * as chat from "@/app/api/chat/route";
import * as schedule from "@/app/api/schedule/route";
import { checkAvailability, listBookings } from "@/lib/domain/bookings";
import { demoSandbox } from "@/lib/domain/schedules";
import { SESSION_COOKIE } from "@/lib/http/session";
import { sign } from "@/lib/signing";
import { PATTERN_IDS } from "@/lib/patterns/types";
import type { TraceEvent } from "@/lib/trace/events";
import { freshDb } from "./helpers";
import { hostServices } from "./services/server";

hostServices();

const as = (member: string) => ({ cookie: `${SESSION_COOKIE}=${sign(member)}`, "content-type": "application/json" });
const segment = { params: Promise.resolve({}) } as never;

async function say(member: string, body: object): Promise<TraceEvent[]> {
  const res = await chat.POST(
    new Request("http://club.test/api/chat", { method: "POST", body: JSON.stringify(body), headers: as(member) }),
    segment,
  );
  const text = await res.text();
  return text
    .split("\n\n")
    .filter((b) => b.startsWith("data: "))
    .map((b) => JSON.parse(b.slice(6)));
}

describe("demo mode", () => {
  it("books the same request through all eight patterns in a row in the presenter's sandbox, twice with a reset between, and never in the club's schedule", async () => {
    await freshDb();
    const clubBefore = await checkAvailability("2026-12-02");
    const sandbox = await demoSandbox("presenter");
    for (const roundNo of [1, 2]) {
      for (const pattern of PATTERN_IDS) {
        const events = await say("presenter", {
          pattern,
          message: "Book a court tomorrow at 6pm",
          demo: true,
          options: { simLatency: "off" },
        });
        expect(events.at(-1), `round ${roundNo}, ${pattern}`).toMatchObject({ type: "run.end", status: "ok" });
        const booked = events.find((e) => e.type === "tool.result" && e.tool === "book_slot" && !e.error);
        expect(booked, `round ${roundNo}, ${pattern} booked`).toBeDefined();
        // Only the current pattern's booking is held: the previous pattern's was released.
        expect(
          (await listBookings("presenter", sandbox.id)).map((b) => b.slot_id),
          `round ${roundNo}, ${pattern}`,
        ).toEqual([expect.stringMatching(/^2026-12-02_Court[AC]_1800$/)]);
      }
      const res = await reset.POST(
        new Request("http://club.test/api/admin/reset", {
          method: "POST",
          body: JSON.stringify({ schedule: "demo" }),
          headers: as("presenter"),
        }),
        segment,
      );
      expect(res.status).toBe(200);
      expect(await listBookings("presenter", sandbox.id)).toEqual([]);
    }
    expect(await checkAvailability("2026-12-02")).toEqual(clubBefore);
    expect(await listBookings("presenter")).toEqual([]);

    const view = await (
      await schedule.GET(new Request("http://club.test/api/schedule?date=2026-12-02&demo=1", { headers: as("presenter") }), segment)
    ).json();
    expect(view.schedule).toMatchObject({ id: sandbox.id, kind: "demo" });
  }, 300_000);

  it("refuses to reset the club's schedule outside development, but resets a member's own demo sandbox", async () => {
    const club = await reset.POST(new Request("http://club.test/api/admin/reset", { method: "POST", headers: as("someone") }), segment);
    expect(club.status).toBe(403);
    const own = await reset.POST(
      new Request("http://club.test/api/admin/reset", {
        method: "POST",
        body: JSON.stringify({ schedule: "demo" }),
        headers: as("someone"),
      }),
      segment,
    );
    expect(own.status).toBe(200);
  });
});
