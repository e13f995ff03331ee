import { describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "live-runs-test-secret-long-enough";
import * as chat from "@/app/api/chat/route";
import * as cont from "@/app/api/runs/[id]/continue/route";
import * as follow from "@/app/api/runs/[id]/events/route";
import { SESSION_COOKIE } from "@/lib/http/session";
import { sign } from "@/lib/signing";
import type { TraceEvent } from "@/lib/trace/events";
import { loadRun } from "@/lib/trace/store";
import { freshDb } from "./helpers";
import { bookingsOf } from "./patterns/harness";

/**
 * A reload mid-run (issue 28, item 10): the page's connection closes, the run keeps going for
 * RUN_GRACE_MS, and GET /api/runs/{id}/events with Last-Event-ID follows it to its end; a member
 * who does not come back within the grace period has hung up, and the run is aborted.
 */
const cookie = (member: string) => `${SESSION_COOKIE}=${sign(member)}`;
const context = (id?: string) => ({ params: Promise.resolve(id ? { id } : {}) }) as never;

/** Reads SSE frames as they arrive; `until` sees each event and says when to stop reading. */
async function read(res: Response, until: (event: TraceEvent) => boolean | Promise<boolean>): Promise<TraceEvent[]> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: TraceEvent[] = [];
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return events;
    buffer += value;
    const frames = buffer.split("\n\n");
    buffer = frames.pop()!;
    for (const frame of frames) {
      const data = frame.split("\n").find((line) => line.startsWith("data: "));
      if (!data) continue;
      const event = JSON.parse(data.slice("data: ".length)) as TraceEvent;
      events.push(event);
      if (await until(event)) {
        // The page goes away: its connection closes.
        await reader.cancel();
        return events;
      }
    }
  }
}

/** A step-mode run of A that holds before its first node: it cannot end while nobody continues it. */
async function startHeldRun(member: string) {
  const res = await chat.POST(
    new Request("http://club.test/api/chat", {
      method: "POST",
      headers: { "content-type": "application/json", cookie: cookie(member) },
      body: JSON.stringify({ pattern: "A", message: "Book court A tomorrow at 3pm", options: { stepMode: true, simLatency: "off" } }),
    }),
    context(),
  );
  expect(res.status).toBe(200);
  return read(res, (e) => e.type === "node.paused");
}

const continueAs = (member: string, runId: string) =>
  cont.POST(
    new Request(`http://club.test/api/runs/${runId}/continue`, {
      method: "POST",
      headers: { cookie: cookie(member), "content-type": "application/json" },
    }),
    context(runId),
  );

const followAs = (member: string, runId: string, lastEventId: string) =>
  follow.GET(
    new Request(`http://club.test/api/runs/${runId}/events`, { headers: { cookie: cookie(member), "last-event-id": lastEventId } }),
    context(runId),
  );

describe("a reload during a run", () => {
  it("re-attaches: the run kept going, and following it from the last event id brings every later event and the reply", async () => {
    await freshDb();
    process.env.RUN_GRACE_MS = "60000";
    const before = await startHeldRun("reloader");
    const runId = before[0].runId;
    const last = before.at(-1)!.seq;

    const res = await followAs("reloader", runId, String(last));
    expect(res.status).toBe(200);
    // The hold the page saw before it went away; the later ones arrive on the followed stream.
    expect((await continueAs("reloader", runId)).status).toBe(200);
    const after = await read(res, async (e) => {
      if (e.type === "node.paused") expect((await continueAs("reloader", runId)).status).toBe(200);
      return false;
    });
    expect(after[0].seq).toBe(last + 1);
    expect(after.at(-1)).toMatchObject({ type: "run.end", status: "ok" });
    expect(after.find((e) => e.type === "message")).toMatchObject({ text: expect.stringMatching(/Court A/) });
    expect((await loadRun(runId, "reloader"))?.events).toEqual([...before, ...after]);
    expect(await bookingsOf("reloader")).toHaveLength(1);
  }, 120_000);

  it("aborts the run when nobody follows it again within the grace period", async () => {
    await freshDb();
    process.env.RUN_GRACE_MS = "50";
    const before = await startHeldRun("leaver");
    const runId = before[0].runId;
    // Waits on the condition, not a clock: the run's row says aborted once the grace period has run out.
    await expect.poll(async () => (await loadRun(runId, "leaver"))?.status, { timeout: 30_000, interval: 100 }).toBe("aborted");
    const stored = await loadRun(runId, "leaver");
    expect(stored?.events.find((e) => e.type === "error")).toMatchObject({ code: "aborted" });
    expect(await bookingsOf("leaver")).toHaveLength(0);
  });

  it("answers 400 to a Last-Event-ID that is not a seq, and 404 to an unknown run", async () => {
    expect((await followAs("someone", "run_unknown12345", "soon")).status).toBe(400);
    expect((await followAs("someone", "run_unknown12345", "0")).status).toBe(404);
  });
});
