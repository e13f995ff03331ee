import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
// No PLAYGROUND_NOW, no CLUB_TIMEZONE: the server runs on the real clock, as a fresh install does.
delete process.env.PLAYGROUND_NOW;
delete process.env.CLUB_TIMEZONE;
process.env.SESSION_SECRET = "eval-dataset-secret-long-enough";
import * as one from "@/app/api/evals/[id]/route";
import * as evals from "@/app/api/evals/route";
import { db } from "@/lib/db/client";
import type { Cell } from "@/lib/eval/cells";
import { SESSION_COOKIE } from "@/lib/http/session";
import { sign } from "@/lib/signing";
import { loadRun } from "@/lib/trace/store";
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

async function evaluate(member: string, body: unknown): Promise<{ status: string; cells: Cell[]; plan: Record<string, unknown> }> {
  const res = await start(member, body);
  const started = await res.json();
  expect(res.status, JSON.stringify(started)).toBe(202);
  for (;;) {
    const read = await one.GET(new Request(`http://club.test/api/evals/${started.id}`, { headers: cookie(member) }), {
      params: Promise.resolve({ id: started.id }),
    });
    const evaluation = await read.json();
    if (evaluation.status !== "running") return evaluation;
    await sleep(100);
  }
}

/** What a cell measured, without run ids and timings (which differ from one evaluation to the next). */
const outcome = (cells: Cell[]) =>
  cells.map((c) => ({
    cell: `${c.pattern}/${c.fault}`,
    cases: c.cases,
    succeeded: c.succeeded,
    wrongBookings: c.wrongBookings,
    failures: c.failures.map((f) => [f.caseId, f.kind, f.problems]),
  }));

afterAll(() => {
  delete process.env.PLAYGROUND_NOW;
  delete process.env.CLUB_TIMEZONE;
});

describe("an evaluation runs every case on its own clock", () => {
  it("gives the same cells on a server with no clock setting, on one pinned to another day and zone, and on the corpus's clock", async () => {
    await freshDb();
    const plan = { patterns: ["A", "D"], faults: ["none", "vendor500"], cases: 4 };
    const unset = await evaluate("anywhere", plan);
    expect(unset.status).toBe("done");
    expect(unset.plan).toMatchObject({ dataset: { name: "corpus", clock: { now: "2026-12-01T10:30:00", timeZone: "Europe/Amsterdam" } } });
    const start = await loadRun(unset.cells[0].runIds[0], "nobody");
    expect(start?.events[0]).toMatchObject({
      type: "run.start",
      clock: { now: "2026-12-01T10:30:00+01:00", timeZone: "Europe/Amsterdam", source: "case" },
    });

    Object.assign(process.env, { PLAYGROUND_NOW: "2027-06-15T22:10:00", CLUB_TIMEZONE: "Pacific/Auckland" });
    const elsewhere = await evaluate("anywhere", plan);
    Object.assign(process.env, { PLAYGROUND_NOW: "2026-12-01T10:30:00", CLUB_TIMEZONE: "Europe/Amsterdam" });
    const corpus = await evaluate("anywhere", plan);

    expect(outcome(corpus.cells).reduce((n, c) => n + c.succeeded, 0)).toBeGreaterThan(0);
    expect(outcome(unset.cells)).toEqual(outcome(corpus.cells));
    expect(outcome(elsewhere.cells)).toEqual(outcome(corpus.cells));
  }, 300_000);
});

/** Thursday 10 December 2026, 16:30 in London. */
const CLOCK = { now: "2026-12-10T16:30:00", timeZone: "Europe/London" };
const dataset = (cases: unknown[], over: Record<string, unknown> = {}) => ({ name: "our members", clock: CLOCK, cases, ...over });
const BOOK_C = { id: "c1", turns: ["book court c tmrw at 6pm"], expect: { bookings: ["2026-12-11_CourtC_1800"], asks: false } };

describe("POST /api/evals with a dataset of one's own", () => {
  it("fails exactly the case whose expectation is wrong, with the judge's finding and its kind", async () => {
    await freshDb();
    const wrong = { id: "wrong-hour", turns: ["book court a on saturday at 11am"], expect: { bookings: ["2026-12-12_CourtA_1000"] } };
    const done = await evaluate("own-cases", { patterns: ["A", "D"], faults: ["none"], dataset: dataset([BOOK_C, wrong]) });
    expect(done.status).toBe("done");
    expect(done.plan).toMatchObject({ cases: 2, dataset: { name: "our members", clock: CLOCK }, vendors: "sim" });
    for (const cell of done.cells) {
      expect(cell, `${cell.pattern}/${cell.fault}`).toMatchObject({ cases: 2, succeeded: 1, wrongBookings: 1 });
      expect(cell.failures).toEqual([
        expect.objectContaining({
          caseId: "wrong-hour",
          kind: "misread time",
          problems: expect.arrayContaining([
            "booked what was not asked for: 2026-12-12_CourtA_1100",
            "missing bookings: 2026-12-12_CourtA_1000",
          ]),
          exchange: [{ say: "book court a on saturday at 11am", reply: expect.stringContaining("11:00") }],
        }),
      ]);
      expect(cell.failureKinds).toEqual({ "misread time": 1 });
    }
  }, 180_000);

  it("honours setup bookings by other members and by the member, and cleans them up", async () => {
    const prisma = await freshDb();
    const taken = {
      id: "taken-by-another",
      setup: [{ slot: "2026-12-11_CourtA_1500", by: "other" }],
      turns: ["book court a tomorrow at 3pm"],
      expect: { bookings: [] },
    };
    const kept = {
      id: "keeps-own",
      turns: ["book court b on saturday at 10am"],
      expect: { setup: ["2026-12-14_CourtB_0900"], bookings: ["2026-12-12_CourtB_1000"] },
    };
    const done = await evaluate("setup", { patterns: ["A", "B"], faults: ["none"], dataset: dataset([taken, kept]) });
    expect(done.status).toBe("done");
    for (const cell of done.cells) expect(cell, `${cell.pattern}: ${JSON.stringify(cell.failures)}`).toMatchObject({ succeeded: 2 });
    expect(await prisma.schedule.count({ where: { kind: "eval" } })).toBe(0);
    expect(await prisma.booking.count({ where: { userId: { startsWith: "eval-other-member" } } })).toBe(0);
    expect(await (await db()).booking.count({ where: { date: { in: ["2026-12-11", "2026-12-12", "2026-12-14"] } } })).toBe(0);
  }, 180_000);

  it("refuses a malformed dataset with a 4xx naming the problem, and starts nothing", async () => {
    await freshDb();
    const refused = async (body: unknown, problem: RegExp) => {
      const res = await start("malformed", { patterns: ["A"], faults: ["none"], ...(body as object) });
      const answer = await res.json();
      expect(res.status, JSON.stringify(answer)).toBe(400);
      expect(answer.error.message).toMatch(problem);
    };
    await refused({}, /cases: cases is required without a dataset/);
    await refused({ dataset: { name: "x", cases: [BOOK_C] } }, /dataset\.clock/);
    await refused({ dataset: dataset([BOOK_C], { clock: { now: "tomorrow", timeZone: "Europe/London" } }) }, /dataset\.clock\.now/);
    await refused(
      { dataset: dataset([BOOK_C], { clock: { ...CLOCK, timeZone: "Mars/Olympus" } }) },
      /dataset\.clock\.timeZone: timeZone must be an IANA zone/,
    );
    await refused({ dataset: dataset([]) }, /dataset\.cases/);
    await refused({ dataset: dataset(Array.from({ length: 201 }, (_, i) => ({ ...BOOK_C, id: `c${i}` }))) }, /dataset\.cases/);
    await refused({ dataset: dataset([{ ...BOOK_C, turns: Array(7).fill("hello") }]) }, /dataset\.cases\.0\.turns/);
    await refused({ dataset: dataset([{ ...BOOK_C, turns: [] }]) }, /dataset\.cases\.0\.turns/);
    await refused(
      { dataset: dataset([{ ...BOOK_C, expect: { bookings: ["court c at 6"] } }]) },
      /dataset\.cases\.0\.expect\.bookings\.0: expected a slot id/,
    );
    await refused({ dataset: dataset([{ ...BOOK_C, expect: { guess: true } }]) }, /dataset\.cases\.0\.expect/);
    await refused({ dataset: dataset([BOOK_C, BOOK_C]) }, /dataset\.cases\.1\.id: case id "c1" repeats/);
    await refused(
      { dataset: dataset([{ ...BOOK_C, expect: { cancelled: ["2026-12-11_CourtC_1800"] } }]) },
      /not a setup booking of the member's/,
    );
    await refused({ dataset: dataset([{ ...BOOK_C, expect: { mentions: ["/([/"] } }]) }, /valid regular expression/);
    await refused(
      { dataset: dataset([{ ...BOOK_C, setup: ["2026-12-09_CourtA_1500"] }]) },
      /dataset case "c1": 2026-12-09_CourtA_1500 is not bookable on its clock: .*past/,
    );
    await refused({ dataset: dataset([BOOK_C]), cases: 1000 }, /cases/);
    expect(await (await db()).evaluation.count({ where: { ownerId: "malformed" } })).toBe(0);
  });
});
