process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "security-test-secret-long-enough";
// A timed-out model call hangs until the client gives up: ten minutes here, so only a cancellation ends these cases.
process.env.LLM_TIMEOUT_MS = "600000";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import * as one from "@/app/api/evals/[id]/route";
import * as evals from "@/app/api/evals/route";
import { db } from "@/lib/db/client";
import { freshDb } from "../helpers";
import { noParams, request, withId } from "./requests";

/**
 * Issue 26, item 7: an evaluation cannot hold the server for hours. Its owner cancels it (its cases
 * in flight stop), it stops by itself after EVAL_MAX_MINUTES, and a member runs one at a time.
 */
const HANGING = { patterns: ["A", "D"], faults: ["timeout"], cases: 4 };
const start = (as: string, body: unknown) => evals.POST(request("/api/evals", { as, method: "POST", body }), noParams);
const read = async (as: string, id: string) => (await one.GET(request(`/api/evals/${id}`, { as }), withId(id))).json();
const cancel = (as: string, id: string) => one.DELETE(request(`/api/evals/${id}`, { as, method: "DELETE" }), withId(id));

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const seen = await probe();
    if (seen !== undefined) return seen;
    await sleep(50);
  }
}

const runsOf = async (evalId: string) =>
  (await db()).run.findMany({ where: { session: { userId: { startsWith: `eval:${evalId}:` } } }, select: { id: true, status: true } });

describe("evaluations are bounded in time and number", () => {
  beforeAll(async () => {
    await freshDb();
  });
  afterEach(() => {
    delete process.env.EVAL_MAX_MINUTES;
  });

  it("lets its owner cancel it, stopping the cases in flight; one at a time per member, 409 with the way out", async () => {
    const res = await start("holder", HANGING);
    expect(res.status).toBe(202);
    const { id } = await res.json();
    const second = await start("holder", { patterns: ["A"], faults: ["none"], cases: 1 });
    expect(second.status).toBe(409);
    expect((await second.json()).error).toMatchObject({ code: "already_running", message: expect.stringContaining("DELETE /api/evals/") });

    await until(async () => ((await runsOf(id)).some((r) => r.status === "running") ? true : undefined));
    expect((await cancel("someone-else", id)).status).toBe(404);
    expect((await read("holder", id)).status).toBe("running");
    const inFlight = (await runsOf(id)).filter((r) => r.status === "running").map((r) => r.id);
    const cancelled = await cancel("holder", id);
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ id, status: "cancelled" });

    // The hanging cases end now rather than in ten minutes: the member may start again, and the runs were stopped.
    const next = await until(async () => {
      const attempt = await start("holder", { patterns: ["A"], faults: ["none"], cases: 1 });
      return attempt.status === 202 ? attempt.json() : undefined;
    });
    expect((await runsOf(id)).filter((r) => r.status === "running")).toEqual([]);
    // The runs that were hanging when it was cancelled were stopped, not left to finish.
    const after = new Map((await runsOf(id)).map((r) => [r.id, r.status]));
    expect(inFlight.map((run) => after.get(run))).toEqual(inFlight.map(() => "aborted"));
    expect((await read("holder", id)).status).toBe("cancelled");
    await until(async () => ((await read("holder", next.id)).status === "running" ? undefined : true));
  }, 120_000);

  it("stops an evaluation that runs past EVAL_MAX_MINUTES", async () => {
    process.env.EVAL_MAX_MINUTES = "0.005";
    const { id } = await (await start("patient", HANGING)).json();
    const ended = await until(async () => {
      const body = await read("patient", id);
      return body.status === "running" ? undefined : body;
    });
    expect(ended).toMatchObject({ status: "cancelled", error: expect.stringContaining("EVAL_MAX_MINUTES") });
  }, 120_000);
});
