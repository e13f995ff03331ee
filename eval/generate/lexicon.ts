import type { Rng } from "./random";

/** Words a typo may land on (issue 25, §2: the lexicon's day, month and booking words, not free text). */
export const TYPO_TARGETS = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
  "december",
  "tomorrow",
  "court",
  "book",
] as const;

/**
 * Every word the generator's grammar gives a meaning to: a typo must stay nearer to the word it
 * spoils than to any other of these, and an "unknown" word must be near none of them.
 */
export const LEXICON: readonly string[] = [
  ...TYPO_TARGETS,
  ...["today", "tonight", "tmrw", "2moro", "next", "days", "week", "january", "dec"],
  ...["morning", "afternoon", "evening", "night", "noon", "midday", "midnight", "half", "quarter", "past", "clock"],
  ...["between", "from", "until", "till", "after", "before", "and", "to", "at", "on", "in", "the", "of"],
  ...["reserve", "free", "available", "open", "anything", "courts", "booked", "booking", "bookings", "reservations"],
  ...["cancel", "drop", "call", "off", "game", "playing", "clay", "indoor", "show", "grass", "centre", "any"],
  ...["please", "pls", "thanks", "cheers", "hi", "hey", "hello", "could", "would", "you", "mind", "if"],
];

/** English words a spoiled lexicon word could turn into; a typo that makes a real word is no typo. */
const REAL_WORDS = new Set(["curt", "cour", "boo", "cook", "look", "nook", "took", "rook", "hook", "mondays", "fridays"]);

/** Letters next to each other on a QWERTY keyboard: the substitutions people actually make. */
const NEIGHBOURS: Record<string, string> = {
  a: "sqz",
  b: "vn",
  c: "xv",
  d: "sf",
  e: "wr",
  f: "dg",
  g: "fh",
  h: "gj",
  i: "uo",
  j: "hk",
  k: "jl",
  l: "k",
  m: "n",
  n: "bm",
  o: "ip",
  p: "o",
  q: "w",
  r: "et",
  s: "ad",
  t: "ry",
  u: "yi",
  v: "cb",
  w: "qe",
  x: "zc",
  y: "tu",
  z: "x",
};

/** Levenshtein distance (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

const typoCache = new Map<string, string[]>();

/**
 * Every spelling at distance 1 of `word` a hurried member types: a letter dropped or doubled, or
 * hit beside on the keyboard, never the first one (people rarely miss it). Four-letter words only
 * double a letter, since dropping or swapping one of four makes another word too easily. Kept only
 * when it is no real word and nearer to `word` than to any other word of the lexicon.
 */
export function typosOf(word: string): string[] {
  const known = typoCache.get(word);
  if (known) return known;
  const out = new Set<string>();
  for (let i = 0; i < word.length; i++) out.add(word.slice(0, i + 1) + word.slice(i));
  if (word.length >= 5) {
    for (let i = 1; i < word.length; i++) {
      out.add(word.slice(0, i) + word.slice(i + 1));
      for (const c of NEIGHBOURS[word[i]] ?? "") out.add(word.slice(0, i) + c + word.slice(i + 1));
    }
  }
  const typos = [...out].filter(
    (t) => t !== word && !REAL_WORDS.has(t) && LEXICON.every((other) => other === word || editDistance(t, other) >= 2),
  );
  typoCache.set(word, typos);
  return typos;
}

/** Spoils one lexicon word of `text` with a distance-1 typo; null when the text holds none. */
export function withTypo(text: string, rng: Rng): string | null {
  const words = text.split(/(\W+)/);
  const targets = words.flatMap((w, i) => ((TYPO_TARGETS as readonly string[]).includes(w.toLowerCase()) ? [i] : []));
  if (!targets.length) return null;
  const at = rng.pick(targets);
  const original = words[at];
  const typo = rng.pick(typosOf(original.toLowerCase()));
  // The typo keeps the word's case: "Court" stays capitalised, "FRIDAY" shouted.
  const title = original[0] === original[0].toUpperCase();
  words[at] = original === original.toUpperCase() ? typo.toUpperCase() : title ? typo[0].toUpperCase() + typo.slice(1) : typo;
  return words.join("");
}

/** Politeness and filler that carry no meaning for a booking (issue 25, §1: known fillers). */
export const GREETINGS = ["hi", "hi,", "hey", "hello,", "hi there,", "hey there!", "good day,"];
/** Openers that only read well before a request ("could you book…"). */
export const POLITE_OPENERS = ["please", "could you", "if you could", "would you", "can you please", "kindly"];
export const CLOSERS = ["please", "pls", "thanks", "thank you", "cheers", "ta", "thanks!", ", cheers", ", if you could", "please, thanks"];

/** Words no grammar of the club gives a meaning to; in a booking request they must be asked about. */
export const UNKNOWN_WORDS = ["wexday", "plorning", "quoggle", "frindle", "blorptime", "grizzday", "snerk", "vopple"];
