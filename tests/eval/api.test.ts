process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "eval-test-secret-long-enough";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import * as one from "@/app/api/evals/[id]/route";
import * as evals from "@/app/api/evals/route";
import type { Cell } from "@/lib/eval/cells";
import { EVAL_LIMITS } from "@/lib/eval/service";
import { SESSION_COOKIE } from "@/lib/http/session";
import { sign } from "@/lib/signing";
import { freshDb } from "../helpers";
import { hostServices } from "../services/server";

hostServices();

const cookie = (member: string) => ({ cookie: `${SESSION_COOKIE}=${sign(member)}` });
const start = (member: string, body: unknown) =>
  evals.POST(
    new Request("http://club.test/api/evals", {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json", ...cookie(member) },
    }),
    { params: Promise.resolve({}) } as never,
  );
const read = (member: string, id: string, search = "") =>
  one.GET(new Request(`http://club.test/api/evals/${id}${search}`, { headers: cookie(member) }), { params: Promise.resolve({ id }) });

async function finished(member: string, id: string) {
  const seen: number[] = [];
  for (;;) {
    const body = await (await read(member, id)).json();
    seen.push(body.progress.done);
    if (body.status !== "running") return { body, seen };
    await sleep(100);
  }
}

describe("POST /api/evals and GET /api/evals/{id}", () => {
  it("starts an evaluation, reports its progress and ends with cells that add up to the cases", async () => {
    await freshDb();
    const res = await start("evaluator", { patterns: ["A", "D", "G"], faults: ["none", "vendor429", "serviceDown"], cases: 3, repeat: 1 });
    expect(res.status).toBe(202);
    const { id, total } = await res.json();
    expect(id).toMatch(/^eval_/);
    // A and D have no services: their serviceDown cells are n/a and play nothing.
    expect(total).toBe(3 * 3 + 3 * 2 * 3 - 3 * 2);
    const { body, seen } = await finished("evaluator", id);
    expect(body.status).toBe("done");
    expect(body.progress).toEqual({ done: total, total });
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    const cells = body.cells as Cell[];
    expect(cells).toHaveLength(9);
    expect(cells.reduce((n, c) => n + c.cases, 0)).toBe(total);
    for (const c of cells) expect(c.cases, `${c.pattern}/${c.fault}`).toBe(c.applicable ? 3 : 0);
    expect(cells.filter((c) => !c.applicable).map((c) => `${c.pattern}/${c.fault}`)).toEqual(["A/serviceDown", "D/serviceDown"]);
    expect(cells.reduce((n, c) => n + c.wrongBookings, 0)).toBe(0);
    // Only its owner reads it; a comparison with another of theirs shows before and after.
    expect((await read("someone-else", id)).status).toBe(404);
    const again = await (await start("evaluator", { patterns: ["D"], faults: ["none"], cases: 3 })).json();
    await finished("evaluator", again.id);
    const compared = await (await read("evaluator", again.id, `?against=${id}`)).json();
    expect(compared.comparison.changes).toEqual([
      expect.objectContaining({
        pattern: "D",
        fault: "none",
        successRate: { before: cells[3].successRate, after: compared.cells[0].successRate },
      }),
    ]);
  }, 180_000);

  it("plays a seeded sample of the generated set when asked for it, and states so in its plan", async () => {
    await freshDb();
    const res = await start("generated-evaluator", { patterns: ["D"], faults: ["none"], cases: 4, set: "generated", seed: 7 });
    expect(res.status).toBe(202);
    const { id } = await res.json();
    const { body } = await finished("generated-evaluator", id);
    expect(body.status).toBe("done");
    expect(body.plan.dataset.name).toBe("generated (sample seed 7)");
    const cell = (body.cells as Cell[])[0];
    expect(cell.cases).toBe(4);
    expect(cell.wrongBookings).toBe(0);
    expect((await start("generated-evaluator", { patterns: ["D"], faults: ["none"], cases: 4, set: "other" })).status).toBe(400);
  }, 180_000);

  it("refuses bad choices, oversized plans and a second evaluation at once with a clear 4xx", async () => {
    await freshDb();
    const refused = async (body: unknown, status: number, code: string) => {
      const res = await start("chooser", body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect((await res.json()).error.code).toBe(code);
    };
    await refused({ patterns: ["Z"], faults: ["none"], cases: 1 }, 400, "bad_request");
    await refused({ patterns: ["A"], faults: ["meteor"], cases: 1 }, 400, "bad_request");
    await refused({ patterns: ["A", "A"], faults: ["none"], cases: 1 }, 400, "bad_request");
    await refused({ patterns: ["A"], faults: ["none"], cases: EVAL_LIMITS.maxCases + 1 }, 400, "bad_request");
    await refused({ patterns: ["A"], faults: ["none"], cases: 1, concurrency: 64 }, 400, "bad_request");
    const everything = {
      patterns: ["A", "B", "C", "D", "E", "F", "G", "H"],
      faults: ["none", "malformedJson", "hallucinatedSlot", "vendor429", "vendor500", "timeout", "slowModel"],
      cases: EVAL_LIMITS.maxCases,
      repeat: 1,
    };
    await refused(everything, 400, "bad_request");
    expect((await read("chooser", "not-an-id")).status).toBe(400);

    const first = await start("chooser", { patterns: ["A"], faults: ["none"], cases: 2 });
    expect(first.status).toBe(202);
    await refused({ patterns: ["A"], faults: ["none"], cases: 1 }, 409, "already_running");
    await finished("chooser", (await first.json()).id);
    const next = await start("chooser", { patterns: ["A"], faults: ["none"], cases: 1 });
    expect(next.status).toBe(202);
    await finished("chooser", (await next.json()).id);
  }, 120_000);
});
