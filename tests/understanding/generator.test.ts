process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
import { describe, expect, it } from "vitest";
import { addDays } from "@/lib/domain/clock";
import { checkAvailability } from "@/lib/domain/bookings";
import { corpusClock } from "@/lib/eval/cases";
import { Case } from "@/lib/eval/judge";
import { FAMILIES, generateCases, sampleCases, render, VARIATIONS } from "@/eval/generate";
import { LEXICON, UNKNOWN_WORDS, editDistance, typosOf, TYPO_TARGETS } from "@/eval/generate/lexicon";
import { seededRng } from "@/eval/generate/random";
import { freshDb } from "../helpers";

const cases = generateCases(1);
const TODAY = "2026-12-01";

describe("the generated evaluation set (eval/generate)", () => {
  it("is the same for the same seed, and another seed gives other cases", () => {
    expect(generateCases(1)).toEqual(cases);
    expect(generateCases(2).map((c) => c.turns[0].say)).not.toEqual(cases.map((c) => c.turns[0].say));
    expect(sampleCases(cases, 50, 9)).toEqual(sampleCases(cases, 50, 9));
  }, 60_000);

  it("holds at least 5,000 distinct utterances, every case valid for the judge, every family and near-miss represented", () => {
    expect(new Set(cases.map((c) => c.turns[0].say)).size).toBeGreaterThanOrEqual(5000);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) expect(() => Case.parse(c), c.id).not.toThrow();
    expect(new Set(cases.map((c) => c.family))).toEqual(new Set(FAMILIES));
    const kinds = new Set(cases.map((c) => c.kind));
    for (const kind of [
      "no-such-court",
      "two-days",
      "two-hours",
      "two-courts",
      "unknown-word",
      "closed-hour",
      "beyond-horizon",
      "range-booking",
    ])
      expect(kinds).toContain(`near-miss/${kind}`);
    // A sample takes every kind in turn, so a small one already holds each.
    expect(new Set(sampleCases(cases, kinds.size, 3).map((c) => c.kind))).toEqual(kinds);
  });

  it("uses the corpus's clock, which the expectations are written against", () => {
    expect(corpusClock()).toEqual({ now: "2026-12-01T10:30:00", timeZone: "Europe/Amsterdam" });
  });

  it("expects a booking only on slots that are free and allowed on the seeded schedule, and only where the member asked for one", async () => {
    await freshDb();
    const free = new Set<string>();
    for (let d = 0; d <= 14; d++) for (const s of await checkAvailability(addDays(TODAY, d))) free.add(s.slot_id);
    const every = [...Array(15).keys()].flatMap((d) =>
      ["A", "B", "C", "D"].flatMap((court) =>
        Array.from({ length: 24 }, (_, h) => `${addDays(TODAY, d)}_Court${court}_${String(h).padStart(2, "0")}00`),
      ),
    );
    let expected = 0;
    const problems: string[] = [];
    for (const c of cases) {
      for (const slot of c.setup ?? []) if (!free.has(slot)) problems.push(`${c.id} holds ${slot}, which is not free`);
      const asked = c.book.filter((b) => !(c.setup ?? []).includes(b));
      if (asked.length !== (c.outcome.action === "book" ? 1 : 0)) problems.push(`${c.id} expects ${asked.length} bookings`);
      for (const pattern of asked) {
        const re = new RegExp(`^${pattern}$`);
        const matches = every.filter((s) => re.test(s));
        if (!matches.length) problems.push(`${c.id}: ${pattern} matches no slot`);
        for (const slot of matches) {
          if (!free.has(slot)) problems.push(`${c.id} (${c.turns[0].say}) may book ${slot}, which is not free`);
          // Inside what was asked: a range books one of its starts, never its end hour.
          if (!c.reading.hours?.includes(Number(slot.slice(-4, -2)))) problems.push(`${c.id} may book ${slot}, outside what was asked`);
        }
        expected++;
      }
    }
    expect(problems).toEqual([]);
    expect(expected).toBeGreaterThan(1000);
  }, 300_000);

  it("spoils only lexicon words, at edit distance 1 and nearer to that word than to any other; unknown words are near none", () => {
    for (const word of TYPO_TARGETS) {
      expect(typosOf(word).length, word).toBeGreaterThan(0);
      for (const typo of typosOf(word)) {
        expect(editDistance(typo, word)).toBe(1);
        for (const other of LEXICON) if (other !== word) expect(editDistance(typo, other), `${typo} ~ ${other}`).toBeGreaterThanOrEqual(2);
      }
    }
    for (const word of UNKNOWN_WORDS)
      for (const known of LEXICON) expect(editDistance(word, known), `${word} ~ ${known}`).toBeGreaterThanOrEqual(2);
    for (const c of cases.filter((x) => x.kind === "variation/typo")) {
      const base = cases.find((x) => x.id === c.base)!.turns[0].say.split(" ");
      const varied = c.turns[0].say.split(" ");
      const changed = varied.flatMap((w, i) => (w === base[i] ? [] : [[base[i], w]]));
      expect(changed, c.id).toHaveLength(1);
      expect(editDistance(changed[0][0], changed[0][1])).toBe(1);
    }
  });

  it("keeps the expected outcome of a variation identical to its base's", () => {
    const byId = new Map(cases.map((c) => [c.id, c]));
    const variations = cases.filter((c) => c.family === "variation");
    expect(variations.length).toBeGreaterThanOrEqual(6 * 300);
    for (const c of variations) {
      const base = byId.get(c.base!)!;
      expect(c.turns[0].say).not.toBe(base.turns[0].say);
      expect({ book: c.book, must: c.must, mustNot: c.mustNot, setup: c.setup, outcome: c.outcome }).toEqual({
        book: base.book,
        must: base.must,
        mustNot: base.mustNot,
        setup: base.setup,
        outcome: base.outcome,
      });
    }
    // Reordering moves the parts, not the words.
    const u = { head: "book", parts: ["court b", "on friday", "at 3pm"], question: false };
    const moved = VARIATIONS.order(render(u), seededRng(4), u, "book")!;
    expect(moved).not.toBe(render(u));
    expect(moved.split(" ").sort()).toEqual(render(u).split(" ").sort());
  });
});
