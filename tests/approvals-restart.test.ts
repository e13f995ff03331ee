import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PATTERN_IDS, type PatternId } from "@/lib/patterns/types";
import { TraceEvent } from "@/lib/trace/events";
import { ensureBuilt, startBuiltServer, type BuiltServer } from "./support/built-server";

const SERVER_ENV = {
  PLAYGROUND_NOW: "2026-12-01T10:30:00",
  CLUB_TIMEZONE: "Europe/Amsterdam",
  SESSION_SECRET: "approvals-restart-secret-long-enough",
};
/** One free slot per pattern, so all eight can book tomorrow on the club's schedule. */
const ASKED: Record<PatternId, [court: string, hour: number]> = {
  A: ["A", 15],
  B: ["B", 15],
  C: ["C", 15],
  D: ["D", 15],
  E: ["A", 16],
  F: ["B", 16],
  G: ["C", 16],
  H: ["D", 16],
};

/** A crash: the whole process group dies at once; nothing held in memory survives. */
async function crash(server: BuiltServer): Promise<void> {
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  process.kill(-server.child.pid!, "SIGKILL");
  await exited;
}

async function sse(res: Response): Promise<TraceEvent[]> {
  expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const text = await res.text();
  return text
    .split("\n\n")
    .filter((block) => block.startsWith("data: "))
    .map((block) => TraceEvent.parse(JSON.parse(block.slice(6))));
}

const post = (url: string, cookie: string | undefined, body: unknown) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });

/**
 * The paused state is outside the process: each pattern pauses on a built server, the server is
 * killed, a new one starts on the same embedded database, and the member's decision there resumes
 * every pattern from its stored state — H's from the simulated agent's session, kept in the database
 * as AWS keeps a real agent's.
 */
const RESTARTED = PATTERN_IDS;
describe("approvals across a restart", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "playground-approvals-"));
  let app: BuiltServer | undefined;

  beforeAll(async () => {
    await ensureBuilt();
  }, 600_000);
  afterAll(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("resumes every pattern after the server that paused them died", async () => {
    const appEnv = { ...SERVER_ENV, PGLITE_DIR: dir };
    app = await startBuiltServer(appEnv);
    // A member per pattern: one member may hold only two bookings a day.
    const cookies = new Map<PatternId, string>();
    const paused = new Map<PatternId, Extract<TraceEvent, { type: "approval.request" }>>();
    for (const pattern of RESTARTED) {
      const [court, hour] = ASKED[pattern];
      const res = await post(`${app.url}/api/chat`, undefined, {
        pattern,
        message: `Book court ${court} tomorrow at ${hour}:00`,
        options: { approval: "book" },
      });
      cookies.set(pattern, res.headers.get("set-cookie")!.split(";")[0]);
      const events = await sse(res);
      const request = events.find((e) => e.type === "approval.request");
      expect(request, `${pattern}: ${JSON.stringify(events.filter((e) => e.type === "error" || e.type === "message"))}`).toBeDefined();
      expect(events.at(-1)).toMatchObject({ type: "run.end", status: "paused" });
      paused.set(pattern, request as Extract<TraceEvent, { type: "approval.request" }>);
    }

    await crash(app);
    app = await startBuiltServer(appEnv);
    for (const [pattern, request] of paused) {
      const cookie = cookies.get(pattern)!;
      const listed = (await (await fetch(`${app.url}/api/approvals`, { headers: { cookie } })).json()) as { approvals: { id: string }[] };
      expect(listed.approvals.map((a) => a.id)).toEqual([request.approvalId]);
      const events = await sse(await post(`${app.url}/api/approvals/${request.approvalId}`, cookie, { decision: "approve" }));
      expect(events[0]).toMatchObject({ type: "run.start", resumes: request.runId });
      expect(events.at(-1), `${pattern}: ${JSON.stringify(events.filter((e) => e.type === "error"))}`).toMatchObject({
        type: "run.end",
        status: "ok",
      });
      const bookings = (await (await fetch(`${app.url}/api/bookings`, { headers: { cookie } })).json()) as {
        bookings: { slot_id: string }[];
      };
      expect(
        bookings.bookings.map((b) => b.slot_id),
        pattern,
      ).toEqual([`2026-12-02_Court${ASKED[pattern][0]}_${ASKED[pattern][1]}00`]);
    }
  }, 600_000);
});
