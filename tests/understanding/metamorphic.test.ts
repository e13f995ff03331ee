process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
import { beforeAll, describe, expect, it } from "vitest";
import { VARIATIONS, extraWord, generateCases, render, sampleCases, withExtra, type GeneratedCase } from "@/eval/generate";
import { seededRng } from "@/eval/generate/random";
import type { PatternId } from "@/lib/patterns/types";
import { freshDb } from "../helpers";
import { play, type Outcome } from "./play";

/**
 * Metamorphic tests of understanding (issue 25 §5), through the real patterns on the simulated
 * model: what a request does must not change with its surface — case and punctuation, politeness
 * and filler, a typo at distance 1 of a lexicon word — and one extra content word that contradicts
 * the request or means nothing to the club must turn a booking into a question. No expected
 * outcome is written here: each variant is compared with its own base. D lets the model decide,
 * B lets code decide on the model's reading.
 */
const PATTERNS: PatternId[] = ["D", "B"];
/** Base messages per pattern, every kind of meaning in turn (bookings, questions, cancellations), each holding a lexicon word to spoil. */
const BASES = 10;
/** Booking requests per pattern for the extra word. */
const REQUESTS = 6;
const BUDGET = 600_000;

const rng = seededRng(25);
const meanings = generateCases().filter(
  (c) => c.family === "meaning" && VARIATIONS.typo(c.turns[0].say, seededRng(0), c.utterance, c.reading.intent) !== null,
);
const bases = sampleCases(meanings, BASES, 25);
const requests = sampleCases(
  meanings.filter((c) => c.outcome.action === "book" && c.kind !== "meaning/book-any"),
  REQUESTS,
  26,
);

const vary = (c: GeneratedCase, ...names: (keyof typeof VARIATIONS)[]) =>
  names.reduce((text, name) => VARIATIONS[name](text, rng, c.utterance, c.reading.intent) ?? text, c.turns[0].say);
const variants = {
  "case and punctuation": bases.map((c) => vary(c, "case", "punctuation")),
  "politeness and filler": bases.map((c) => vary(c, "filler")),
  "a typo at distance 1": bases.map((c) => vary(c, "typo")),
};
const spoiled = requests.map((c, i) => {
  const what = (["day", "hour", "court", "unknown"] as const)[i % 4];
  // Another hour or day is drawn at random and may happen to be the one asked for: draw again.
  let extra: string | null = null;
  while (extra === null) extra = extraWord(c.reading, rng, what);
  return render(withExtra(c.utterance, extra, rng));
});

const same = (a: Outcome, b: Outcome) => a.booked.join() === b.booked.join() && a.times.join() === b.times.join();
const show = (say: string, o: Outcome) => `"${say}" → booked [${o.booked.join(", ")}], reply: ${o.reply}`;

// A fresh in-memory database starts slowly on a loaded machine.
beforeAll(async () => {
  await freshDb();
}, 300_000);

describe.each(PATTERNS)("pattern %s reads a request the same however it is typed", (pattern) => {
  const base: Outcome[] = [];
  const asked: Outcome[] = [];
  beforeAll(async () => {
    for (const c of bases) base.push(await play(pattern, c.turns[0].say, c.setup));
    for (const c of requests) asked.push(await play(pattern, c.turns[0].say, c.setup));
  }, BUDGET);

  it.each(Object.keys(variants) as (keyof typeof variants)[])(
    "with %s",
    async (change) => {
      const differ: string[] = [];
      for (const [i, say] of variants[change].entries()) {
        const varied = await play(pattern, say, bases[i].setup);
        if (!same(base[i], varied)) differ.push(`${show(bases[i].turns[0].say, base[i])}\n  but ${show(say, varied)}`);
      }
      expect(differ, `${differ.length} of ${bases.length} variants changed the outcome:\n${differ.join("\n")}`).toEqual([]);
    },
    BUDGET,
  );

  it(
    "and asks instead of booking when one extra content word contradicts it or means nothing",
    async () => {
      const booked: string[] = [];
      for (const [i, say] of spoiled.entries()) {
        const outcome = await play(pattern, say, requests[i].setup);
        if (asked[i].booked.length === 0) booked.push(`the request without it did not book: ${show(requests[i].turns[0].say, asked[i])}`);
        if (outcome.booked.length > 0 || !outcome.reply.includes("?")) booked.push(show(say, outcome));
      }
      expect(booked, `${booked.length} problems in ${requests.length} requests:\n${booked.join("\n")}`).toEqual([]);
    },
    BUDGET,
  );
});
