process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "guide-test-secret-long-enough";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import * as guide from "@/app/api/guide/[pattern]/route";
import * as evals from "@/app/api/evals/route";
import * as one from "@/app/api/evals/[id]/route";
import { figuresOf, type Measured } from "@/lib/guide/figures";
import { BUILT_IN, type MeasuredState } from "@/lib/guide/measure";
import { SESSION_COOKIE } from "@/lib/http/session";
import { sign } from "@/lib/signing";
import { freshDb } from "../helpers";
import { hostServices } from "../services/server";

hostServices();

const headers = (member: string) => ({ cookie: `${SESSION_COOKIE}=${sign(member)}`, "content-type": "application/json" });
const at = (pattern: string) => ({ params: Promise.resolve({ pattern }) });
const read = async (member: string, pattern: string) =>
  guide.GET(new Request(`http://club.test/api/guide/${pattern}`, { headers: headers(member) }), at(pattern));
const measure = (member: string, pattern: string) =>
  guide.POST(new Request(`http://club.test/api/guide/${pattern}`, { method: "POST", headers: headers(member) }), at(pattern));

/** Polls until the pattern's figures are there (or its measurement failed). */
async function settled(member: string, pattern: string): Promise<MeasuredState> {
  for (;;) {
    const state = (await (await read(member, pattern)).json()) as MeasuredState;
    if (state.measured || state.error) return state;
    await sleep(100);
  }
}

describe("GET and POST /api/guide/{pattern}", () => {
  it("measures a pattern once on the server, one at a time, and every visitor reads that measurement", { timeout: 240_000 }, async () => {
    await freshDb();
    expect(await (await read("visitor", "D")).json()).toEqual({ measured: null, progress: null, error: null });

    const started = await measure("visitor", "D");
    expect(started.status).toBe(202);
    const { progress } = (await started.json()) as MeasuredState;
    // D has no services: serviceDown does not apply to it.
    expect(progress?.total).toBe(BUILT_IN.cases * (BUILT_IN.faults.length - 1));
    // One measurement at a time on the server; another visitor asking for the same pattern waits on it.
    expect((await measure("visitor", "E")).status).toBe(429);
    expect((await measure("someone-else", "E")).status).toBe(429);
    expect((await measure("someone-else", "D")).status).toBe(202);

    const { measured, error } = await settled("visitor", "D");
    expect(error).toBeNull();
    expect(measured!.source).toMatchObject({ kind: "built-in", cases: BUILT_IN.cases });
    expect(measured!.figures.success.map((s) => s.fault)).toEqual(BUILT_IN.faults.filter((f) => f !== "serviceDown"));
    expect(measured!.figures.requests).toBeGreaterThanOrEqual(BUILT_IN.cases);
    expect(measured!.figures.llmCallsPerRequest).toBeGreaterThan(0);
    expect((await (await read("someone-else", "D")).json()).measured).toEqual(measured);
    // Measured once: asking again starts nothing.
    expect(((await (await measure("visitor", "D")).json()) as MeasuredState).progress).toBeNull();
  });

  it(
    "shows the viewer's own latest evaluation of the pattern instead, with its figures as the evaluation has them",
    { timeout: 240_000 },
    async () => {
      const res = await evals.POST(
        new Request("http://club.test/api/evals", {
          method: "POST",
          body: JSON.stringify({ patterns: ["A", "G"], faults: ["none", "vendor500"], cases: 2 }),
          headers: headers("evaluator"),
        }),
        { params: Promise.resolve({}) } as never,
      );
      const { id } = await res.json();
      let evaluation;
      do {
        await sleep(100);
        evaluation = await (
          await one.GET(new Request(`http://club.test/api/evals/${id}`, { headers: headers("evaluator") }), {
            params: Promise.resolve({ id }),
          })
        ).json();
      } while (evaluation.status === "running");
      expect(evaluation.status).toBe("done");

      const { measured } = (await (await read("evaluator", "G")).json()) as { measured: Measured };
      expect(measured.source).toMatchObject({ kind: "evaluation", id, cases: 2, repeat: 1 });
      expect(measured.figures).toEqual(figuresOf(evaluation.cells, "G"));
      expect(measured.figures.success.map((s) => s.fault)).toEqual(["none", "vendor500"]);
      // Another member does not see it.
      expect((await (await read("visitor", "G")).json()).measured).toBeNull();
    },
  );

  it("refuses what is not a pattern", async () => {
    expect((await read("visitor", "Z")).status).toBe(400);
  });
});
