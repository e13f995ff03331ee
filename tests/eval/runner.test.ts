process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { checkAvailability } from "@/lib/domain/bookings";
import { selectCases } from "@/lib/eval/cases";
import { runEvaluation, type EvalPlan } from "@/lib/eval/runner";
import { loadRun } from "@/lib/trace/store";
import { freshDb } from "../helpers";
import { hostServices } from "../services/server";

/**
 * A regression in the booking path, switched on by a test: every booking of Court B lands on
 * Court D instead (the domain's book is wrapped, so every pattern's tool goes through it).
 */
const regression = vi.hoisted(() => ({ on: false }));
vi.mock("@/lib/domain/bookings", async (original) => {
  const real = await original<typeof import("@/lib/domain/bookings")>();
  return {
    ...real,
    book: (userId: string, slotId: string, key?: string, scheduleId?: string) =>
      real.book(userId, regression.on ? slotId.replace("_CourtB_", "_CourtD_") : slotId, key, scheduleId),
  };
});

const hosted = hostServices();
const all = selectCases(1000);
const pick = (...ids: string[]) => ids.map((id) => all.find((c) => c.caseId === `tuned/${id}`)!);
// A booking of a named court, a question that must not book, and a two-turn dialogue.
const DATASET = pick("part-of-day-hour-01", "part-of-day-hour-08", "d-confirm-offer-01");
const plan = (over: Partial<EvalPlan>): EvalPlan => ({
  patterns: ["A", "D"],
  faults: ["none"],
  cases: DATASET.length,
  repeat: 1,
  concurrency: 3,
  ...over,
});
const run = (p: EvalPlan, onProgress?: (done: number, total: number) => void) =>
  runEvaluation(p, { evalId: `t${Math.random()}`, origin: hosted.url, dataset: DATASET, onProgress });

describe("the evaluation runner", () => {
  it("plays every case as its own member in its own sandbox, judges it and folds one cell per pattern × fault", async () => {
    await freshDb();
    const clubBefore = await checkAvailability("2026-12-02");
    const progress: number[] = [];
    const cells = await run(plan({ faults: ["none", "vendor500"] }), (done, total) => {
      progress.push(done);
      expect(total).toBe(12);
    });
    expect(progress).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(cells.map((c) => `${c.pattern}/${c.fault}`)).toEqual(["A/none", "A/vendor500", "D/none", "D/vendor500"]);
    for (const cell of cells) {
      expect(cell, `${cell.pattern}/${cell.fault}`).toMatchObject({ applicable: true, cases: 3, wrongBookings: 0 });
      // One run per turn: 1 + 1 + 2.
      expect(cell.runIds).toHaveLength(4);
      expect(cell.successRate).toBe(cell.succeeded / 3);
      expect(cell.meanMs).toBeGreaterThanOrEqual(0);
      expect(cell.p95Ms).toBeGreaterThanOrEqual(cell.meanMs!);
      expect(cell.llmCalls).toBeGreaterThan(0);
      expect(cell.tokens).toBeGreaterThan(0);
    }
    const d = cells.find((c) => c.pattern === "D" && c.fault === "none")!;
    expect(d.successRate).toBe(1);
    expect(d.recovered).toBeNull();
    expect(cells.find((c) => c.pattern === "D" && c.fault === "vendor500")!.recovered).toBe(
      cells.find((c) => c.pattern === "D" && c.fault === "vendor500")!.succeeded,
    );
    // A's code decides everything; D's model chooses its tools.
    expect(cells.find((c) => c.pattern === "A" && c.fault === "none")!.autonomyShare).toBe(0);
    expect(d.autonomyShare).toBeGreaterThan(0);
    // Every run can be replayed; the 500s show in the faulted runs' traces.
    const faulted = await loadRun(cells[3].runIds[0], "nobody");
    expect(faulted?.events.some((e) => e.type === "error")).toBe(true);
    // The sandboxes went with their cases; the club's schedule never saw a booking.
    expect(await (await db()).schedule.count({ where: { kind: "eval" } })).toBe(0);
    expect(await checkAvailability("2026-12-02")).toEqual(clubBefore);
  }, 180_000);

  it("marks a service down as not applicable outside C and G, and plays it in C", async () => {
    await freshDb();
    const cells = await run(plan({ patterns: ["A", "C"], faults: ["serviceDown"] }));
    expect(cells[0]).toMatchObject({ pattern: "A", applicable: false, cases: 0, successRate: null, runIds: [] });
    expect(cells[1]).toMatchObject({ pattern: "C", applicable: true, cases: 3, wrongBookings: 0 });
    // The booking service is down: the booking cases cannot succeed; the question needs no booking.
    expect(cells[1].succeeded).toBeLessThan(3);
  }, 120_000);

  it("shows a regression that books the wrong court as wrong bookings", async () => {
    await freshDb();
    regression.on = true;
    try {
      const cells = await run(plan({ patterns: ["D"], faults: ["none"] }));
      expect(cells[0].wrongBookings).toBeGreaterThan(0);
      expect(cells[0].failures.flatMap((f) => f.problems).join("\n")).toMatch(/booked what was not asked for: 2026-12-02_CourtD_2100/);
    } finally {
      regression.on = false;
    }
  }, 120_000);

  it("repeats each case and keeps the success of each repeat apart", async () => {
    await freshDb();
    const [cell] = await run(plan({ patterns: ["D"], repeat: 2 }));
    expect(cell.cases).toBe(6);
    expect(cell.successByRepeat).toHaveLength(2);
    expect(cell.runIds).toHaveLength(8);
  }, 120_000);
});
