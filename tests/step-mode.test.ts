import { describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "step-mode-test-secret-long-enough";
import * as cont from "@/app/api/runs/[id]/continue/route";
import { db } from "@/lib/db/client";
import { SESSION_COOKIE } from "@/lib/http/session";
import { sign } from "@/lib/signing";
import { executeRun } from "@/lib/patterns/engine";
import type { PatternId } from "@/lib/patterns/types";
import type { TraceEvent } from "@/lib/trace/events";
import { loadRun } from "@/lib/trace/store";
import { freshDb } from "./helpers";
import { bookingsOf } from "./patterns/harness";

const HOLD_MS = 300;

const continueAs = (member: string, runId: string) =>
  cont.POST(
    new Request(`http://club.test/api/runs/${runId}/continue`, {
      method: "POST",
      headers: { cookie: `${SESSION_COOKIE}=${sign(member)}`, "content-type": "application/json" },
    }),
    { params: Promise.resolve({ id: runId }) } as never,
  );

/** Runs a pattern in step mode; `onPause` decides what happens at each hold. */
async function stepRun(
  pattern: PatternId,
  userId: string,
  message: string,
  onPause: (event: Extract<TraceEvent, { type: "node.paused" }>) => void,
) {
  const events: TraceEvent[] = [];
  const started = performance.now();
  const outcome = await executeRun(
    {
      pattern,
      message,
      userId,
      options: { stepMode: true, simLatency: "off" },
      origin: "http://127.0.0.1:1",
      signal: new AbortController().signal,
    },
    (e) => {
      events.push(e);
      if (e.type === "node.paused") onPause(e);
    },
  );
  return { outcome, events, wallMs: performance.now() - started };
}

describe("step mode", () => {
  it("holds a D run before each node until its owner continues, and leaves held time out of every latency", async () => {
    await freshDb();
    const answers: number[] = [];
    const { outcome, events, wallMs } = await stepRun("D", "stepper", "Book court A tomorrow at 3pm", (e) => {
      setTimeout(async () => answers.push((await continueAs("stepper", e.runId)).status), HOLD_MS);
    });
    expect(outcome.status).toBe("ok");
    const pauses = events.filter((e) => e.type === "node.paused");
    expect(pauses.length).toBeGreaterThanOrEqual(3);
    expect(pauses.map((p) => p.type === "node.paused" && p.hold)).toEqual(pauses.map((_, i) => i + 1));
    // Every hold is followed by its node's start, and nothing happens in between.
    for (const pause of pauses) {
      const next = events[events.indexOf(pause) + 1];
      expect(next).toMatchObject({ type: "node.start", node: pause.type === "node.paused" ? pause.node : "" });
    }
    expect(answers.every((s) => s === 200)).toBe(true);
    expect((await bookingsOf("stepper")).map((b) => b.slot_id)).toEqual(["2026-12-02_CourtA_1500"]);

    const end = events.at(-1)!;
    if (end.type !== "run.end") throw new Error("the run did not end");
    const held = pauses.length * HOLD_MS;
    expect(wallMs).toBeGreaterThan(held);
    expect(end.metrics.ms).toBeLessThan(wallMs - held * 0.9);
    const check = events.find((e) => e.type === "node.end" && e.node === "check");
    expect(check?.type === "node.end" && check.ms).toBeLessThan(HOLD_MS);
    expect(end.t).toBeLessThan(wallMs - held * 0.9);
    expect((await loadRun(outcome.runId, "stepper"))?.events.some((e) => e.type === "node.paused")).toBe(true);
  }, 120_000);

  it("lets only the run's owner continue: 403 for another member, 404 for an unknown run, 409 when not waiting", async () => {
    await freshDb();
    const seen: Record<string, number> = {};
    const { outcome } = await stepRun("D", "owner", "What is free tomorrow at 4pm?", (e) => {
      void (async () => {
        if (e.hold === 1) {
          seen.intruder = (await continueAs("intruder", e.runId)).status;
          seen.unknown = (await continueAs("owner", "run_nope")).status;
          seen.first = (await continueAs("owner", e.runId)).status;
        } else {
          await continueAs("owner", e.runId);
        }
      })();
    });
    expect(outcome.status).toBe("ok");
    expect(seen).toEqual({ intruder: 403, unknown: 404, first: 200 });
    expect((await continueAs("owner", outcome.runId)).status).toBe(404);
    // A step-mode run between holds (here: one that has not reached its first) is not waiting.
    await (await db()).stepGate.create({ data: { runId: "run_between_holds", userId: "owner" } });
    const early = await continueAs("owner", "run_between_holds");
    expect(early.status).toBe(409);
    expect((await early.json()).error.code).toBe("not_paused");
  });

  it("ends the run as aborted when nobody continues within STEP_HOLD_MS", async () => {
    await freshDb();
    process.env.STEP_HOLD_MS = "400";
    try {
      const { outcome, events } = await stepRun("D", "sleeper", "Book court A tomorrow at 3pm", () => undefined);
      expect(outcome.status).toBe("aborted");
      expect(events.filter((e) => e.type === "node.paused")).toHaveLength(1);
      expect(events.find((e) => e.type === "error")).toMatchObject({ code: "aborted", message: expect.stringMatching(/continued/) });
      expect(events.at(-1)).toMatchObject({ type: "run.end", status: "aborted" });
      expect(await bookingsOf("sleeper")).toEqual([]);
      expect((await loadRun(outcome.runId, "sleeper"))?.status).toBe("aborted");
    } finally {
      delete process.env.STEP_HOLD_MS;
    }
  });
});
