import { beforeAll, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SIM_LATENCY = "off";
process.env.SESSION_SECRET = "tapes-upload-secret-long-enough";
import * as runRoute from "@/app/api/runs/[id]/route";
import * as tapeRoute from "@/app/api/runs/[id]/tape/route";
import * as tapes from "@/app/api/tapes/route";
import { SESSION_COOKIE } from "@/lib/http/session";
import { sign } from "@/lib/signing";
import type { TraceEvent } from "@/lib/trace/events";
import { hostServices } from "../services/server";
import { normalized } from "./support";

hostServices();

const as = (userId: string) => ({ cookie: `${SESSION_COOKIE}=${sign(userId)}` });
const params = (id: string) => ({ params: Promise.resolve({ id }) });

async function upload(body: string, userId: string) {
  const res = await tapes.POST(
    new Request("http://club.test/api/tapes", { method: "POST", headers: { "content-type": "application/json", ...as(userId) }, body }),
    { params: Promise.resolve({}) } as never,
  );
  return { status: res.status, json: await res.json() };
}

/** A fresh database: every run, session, tape and booking gone, the club's seed laid again. */
async function wipe() {
  const { db } = await import("@/lib/db/client");
  const { resetSchedule } = await import("@/lib/db/seed");
  const prisma = await db();
  await prisma.$executeRawUnsafe(`TRUNCATE "Session", "Run", "TraceEvent", "Booking", "ReleasedBooking" CASCADE`);
  await resetSchedule(prisma);
}

describe("a downloaded tape, uploaded elsewhere", () => {
  beforeAll(async () => {
    const { freshDb } = await import("../helpers");
    await freshDb();
  });

  it.each(["B", "G"] as const)("pattern %s: becomes a stored run that replays with identical events", async (pattern) => {
    const { turn } = await import("../patterns/harness");
    const { replayRun } = await import("@/lib/tapes/replay");
    const original = await turn(pattern, "Book court C tomorrow at 11am", { userId: "recorder" });
    expect(original.status).toBe("ok");
    const downloaded = await (
      await tapeRoute.GET(
        new Request(`http://club.test/api/runs/${original.runId}/tape`, { headers: as("recorder") }),
        params(original.runId),
      )
    ).text();

    await wipe();
    const { status, json } = await upload(downloaded, "viewer");
    expect(status).toBe(201);
    expect(json.runId).toMatch(/^run_/);
    expect(json.url).toBe(`/runs/${json.runId}`);

    // The stored run shows the recorded events, as /runs/{id} replays them.
    const stored = await (
      await runRoute.GET(new Request(`http://club.test/api/runs/${json.runId}`, { headers: as("viewer") }), params(json.runId))
    ).json();
    expect(normalized(stored.events)).toEqual(normalized(original.events));

    // Re-executed from the uploaded tape: the same events again, and nothing booked in the fresh club.
    const events: TraceEvent[] = [];
    const replay = await replayRun(
      { runId: json.runId, userId: "viewer", origin: "http://127.0.0.1:1", signal: new AbortController().signal },
      (e) => events.push(e),
    );
    expect(replay.reply).toBe(original.reply);
    expect(normalized(events)).toEqual(normalized(original.events));
    const { db } = await import("@/lib/db/client");
    expect(await (await db()).booking.count({ where: { userId: { in: ["recorder", "viewer"] } } })).toBe(0);
  });

  it("forks an uploaded tape whose conversation state no longer fits (or was tampered with) from a fresh conversation", async () => {
    const { turn } = await import("../patterns/harness");
    const { planFork } = await import("@/lib/tapes/replay");
    const original = await turn("D", "What courts are free tomorrow at 4pm?", { userId: "recorder" });
    const tape = await (
      await tapeRoute.GET(
        new Request(`http://club.test/api/runs/${original.runId}/tape`, { headers: as("recorder") }),
        params(original.runId),
      )
    ).json();
    const { json } = await upload(JSON.stringify({ ...tape, stateBefore: "not a conversation" }), "viewer");
    const fork = await planFork({ runId: json.runId, userId: "viewer", origin: "http://127.0.0.1:1", at: 1 });
    const outcome = await fork(new AbortController().signal, () => undefined);
    expect(outcome.status).toBe("ok");
    expect(outcome.reply).toMatch(/free/i);
  });

  it("refuses what is not a tape, and a tape over the size limit", async () => {
    expect(await upload(JSON.stringify({ format: "csp-tape/9" }), "viewer")).toMatchObject({
      status: 400,
      json: { error: { code: "bad_request" } },
    });
    expect(await upload("{not json", "viewer")).toMatchObject({ status: 400, json: { error: { code: "bad_request" } } });
    expect(await upload(JSON.stringify({ format: "csp-tape/1", padding: "x".repeat(5 * 1024 * 1024) }), "viewer")).toMatchObject({
      status: 413,
      json: { error: { code: "payload_too_large" } },
    });
  });
});
