import { describe, expect, it } from "vitest";
import { compareCells, type Cell } from "@/lib/eval/cells";
import { datasetFromText } from "@/lib/eval/dataset";
import { failureKind, judge, type Case } from "@/lib/eval/judge";
import { cellsCsv } from "@/lib/ui/eval";

const booking = (book: string[], extra: Partial<Case> = {}): Case => ({ id: "x", kind: "k", turns: [{ say: "book it" }], book, ...extra });
const kindOf = (c: Case, held: string[], reply: string, run = { faulted: false, errored: false }) =>
  failureKind(c, judge(c, [reply], held), held, [reply], run);

describe("where a pattern breaks: the kind of a failed case", () => {
  it("names the first part of a wrong booking that differs from the expected one", () => {
    const c = booking(["2026-12-02_Court[A-D]_1800"]);
    expect(kindOf(c, ["2026-12-03_CourtA_1800"], "Booked.")).toBe("misread date");
    expect(kindOf(c, ["2026-12-02_CourtA_0600"], "Booked.")).toBe("misread time");
    expect(kindOf(booking(["2026-12-02_CourtB_1800"]), ["2026-12-02_CourtC_1800"], "Booked.")).toBe("wrong court");
  });

  it("tells booking unasked, asking instead of booking, refusing and a fault not survived apart", () => {
    expect(kindOf(booking([]), ["2026-12-02_CourtA_1800"], "Booked.")).toBe("booked without asking");
    expect(kindOf(booking(["2026-12-02_CourtA_1800"]), [], "Which court would you like?")).toBe("asked when it should book");
    expect(kindOf(booking(["2026-12-02_CourtA_1800"]), [], "I cannot book that.")).toBe("refused wrongly");
    expect(kindOf(booking(["2026-12-02_CourtA_1800"]), [], "Sorry, I could not finish that.", { faulted: true, errored: true })).toBe(
      "fault not recovered",
    );
    expect(kindOf(booking([], { asks: true }), [], "Done.")).toBe("reply wrong");
  });
});

const cell = (succeeded: number[], cases = 20): Cell =>
  ({
    pattern: "D",
    fault: "none",
    applicable: true,
    cases: cases * succeeded.length,
    succeeded: succeeded.reduce((a, b) => a + b, 0),
    successRate: succeeded.reduce((a, b) => a + b, 0) / (cases * succeeded.length),
    successByRepeat: succeeded.map((s) => s / cases),
    wrongBookings: 0,
  }) as Cell;

describe("before and after (?against=)", () => {
  it("marks a moved cell, and notes significance only when both sides played repeats", () => {
    const [big] = compareCells([cell([10, 10, 10])], [cell([19, 20, 19])]);
    expect(big).toMatchObject({ moved: true, significance: { note: expect.stringMatching(/^likely real/) } });
    const [small] = compareCells([cell([10, 10, 10])], [cell([11, 10, 10])]);
    expect(small).toMatchObject({ moved: true, significance: { note: expect.stringMatching(/^within chance/) } });
    const [once] = compareCells([cell([10])], [cell([19])]);
    expect(once).toMatchObject({ moved: true, significance: null });
    expect(compareCells([cell([10, 10])], [cell([10, 10])])[0].moved).toBe(false);
  });
});

describe("a dataset file and a result's CSV", () => {
  it("reads JSON Lines: the header line gives name and clock, every other line is a case", () => {
    const text = ['{"clock":{"now":"2026-12-10T16:30:00","timeZone":"Europe/London"}}', '{"id":"a","turns":["hi"],"expect":{}}', ""].join(
      "\n",
    );
    expect(datasetFromText(text, "ours")).toEqual({
      name: "ours",
      clock: { now: "2026-12-10T16:30:00", timeZone: "Europe/London" },
      cases: [{ id: "a", turns: ["hi"], expect: {} }],
    });
    expect(() => datasetFromText('{"id":"a"}\nnot json', "ours")).toThrow("Line 2 is not JSON.");
  });

  it("writes one row per cell, quoting what needs it and never a formula", () => {
    const csv = cellsCsv([{ ...cell([10]), failureKinds: { "misread time": 2 }, pattern: "=cmd" as never }]);
    const [header, row] = csv.trim().split("\r\n");
    expect(header.split(",")).toHaveLength(15);
    expect(row).toMatch(/^'=cmd,none,true,20,10,0\.5,0,/);
    expect(row).toContain('"{""misread time"":2}"');
  });
});
