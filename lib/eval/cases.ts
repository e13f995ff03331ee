import { CORPUS_FILES, loadCorpus, type Case, type CorpusName } from "./judge";

/** One case of the dataset, with the corpus file it comes from (one of CORPUS_FILES, or one a script reads). */
export type EvalCase = Case & { file: string };

/** Every case of the corpus, tuned and held-out, single- and multi-turn. */
export const ALL_CASES: number = Object.keys(CORPUS_FILES).reduce((n, name) => {
  const corpus = loadCorpus(name as CorpusName);
  return n + corpus.utterances.length + corpus.dialogues.length;
}, 0);

/** The clock every expectation of the corpus is written against (its "now" and timezone). */
export function corpusClock(): { now: string; timezone: string } {
  const { now, timezone } = loadCorpus("tuned");
  return { now, timezone };
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
      kind.push({ ...c, file });
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
