import { onClock } from "@/lib/domain/clock";
import type { Clock } from "@/lib/domain/clock-schema";
import { parseSlotId } from "@/lib/domain/slots";
import { AppError, isAppError } from "@/lib/errors";
import { setupOf, type Dataset } from "./dataset";
import { CORPUS_FILES, loadCorpus, type Case, type CorpusName } from "./judge";

/**
 * One case as the runner plays it, from the corpus or a dataset of one's own: `caseId` names it in
 * the results, `clock` is the one it is written against (it runs on it, whatever the server's),
 * `othersSetup` are slots other members hold before it starts.
 */
export type EvalCase = Case & { caseId: string; clock: Clock; othersSetup?: string[] };

const corpusCase = (c: Case, file: CorpusName): EvalCase => ({ ...c, caseId: `${file}/${c.id}`, clock: corpusClock() });

/** Every case of the corpus, tuned and held-out, single- and multi-turn. */
export const ALL_CASES: number = Object.keys(CORPUS_FILES).reduce((n, name) => {
  const corpus = loadCorpus(name as CorpusName);
  return n + corpus.utterances.length + corpus.dialogues.length;
}, 0);

/** The clock every expectation of the corpus is written against (its "now" and timezone). */
export function corpusClock(): Clock {
  const { now, timezone } = loadCorpus("tuned");
  return { now, timeZone: timezone };
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A mention as the judge's pattern: the /regex/ given, or a plain string in any case (each letter as [xX]). */
function mentionPattern(mention: string): string {
  const re = /^\/(.+)\/$/s.exec(mention);
  if (re) return re[1];
  return escaped(mention).replace(/\p{L}/gu, (ch) =>
    ch.toLowerCase() === ch.toUpperCase() ? ch : `[${ch.toLowerCase()}${ch.toUpperCase()}]`,
  );
}

/**
 * A dataset's cases as the runner plays them: the member's bookings afterwards are the expected
 * ones plus their setup bookings not to be cancelled, each exactly. Every slot a case names is
 * checked on the case's clock first: a past or too distant hour is refused here, naming the case,
 * rather than failing every cell later.
 */
export function playableCases(dataset: Dataset): EvalCase[] {
  for (const c of dataset.cases) {
    for (const slot of [...setupOf(c).map((s) => s.slot), ...(c.expect.bookings ?? [])]) {
      try {
        onClock(c.clock ?? dataset.clock, () => parseSlotId(slot));
      } catch (error) {
        if (!isAppError(error)) throw error;
        throw new AppError("bad_request", `dataset case "${c.id}": ${slot} is not bookable on its clock: ${error.message}`);
      }
    }
  }
  return dataset.cases.map((c) => {
    const setup = setupOf(c);
    const mine = setup.filter((s) => s.by === "member").map((s) => s.slot);
    const cancelled = new Set(c.expect.cancelled ?? []);
    return {
      id: c.id,
      caseId: c.id,
      kind: dataset.name,
      clock: c.clock ?? dataset.clock,
      turns: c.turns.map((say) => ({ say })),
      book: [...(c.expect.bookings ?? []), ...mine.filter((slot) => !cancelled.has(slot))].map(escaped),
      must: c.expect.mentions?.map(mentionPattern),
      asks: c.expect.asks,
      setup: mine,
      othersSetup: setup.filter((s) => s.by === "other").map((s) => s.slot),
    };
  });
}

/**
 * The first `count` cases of a fixed, stratified order: kinds take turns (one case of each kind,
 * then the next of each…, single-turn and dialogue kinds alternating), tuned before held-out within
 * a kind, so even a small sample holds dialogues, refusals and the member's own bookings and not
 * fifty variants of one phrasing.
 */
export function selectCases(count: number): EvalCase[] {
  const byKind = new Map<string, EvalCase[]>();
  for (const file of Object.keys(CORPUS_FILES) as CorpusName[]) {
    const corpus = loadCorpus(file);
    for (const c of [...corpus.utterances, ...corpus.dialogues]) {
      const kind = byKind.get(c.kind) ?? [];
      kind.push(corpusCase(c, file));
      byKind.set(c.kind, kind);
    }
  }
  // Kinds of dialogues take every other turn, so a sample of five already holds a multi-turn case.
  const single = [...byKind.values()].filter((q) => q[0].turns.length === 1);
  const multi = [...byKind.values()].filter((q) => q[0].turns.length > 1);
  const queues = Array.from({ length: Math.max(single.length, multi.length) }, (_, i) => [single[i], multi[i]])
    .flat()
    .filter((q) => q !== undefined);
  const picked: EvalCase[] = [];
  for (let round = 0; picked.length < count && queues.some((q) => q.length > round); round++) {
    for (const q of queues) if (q[round] && picked.length < count) picked.push(q[round]);
  }
  return picked;
}
