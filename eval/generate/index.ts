import type { Case } from "@/lib/eval/judge";
import { COURT_IDS, HORIZON, bookable, dayAhead, freeCourts, hh, isFree, isTaken, slotOf, slotPattern, weekdayOf } from "./club";
import { GREETINGS, CLOSERS, POLITE_OPENERS, UNKNOWN_WORDS, withTypo } from "./lexicon";
import {
  WEEKDAY_SHORT,
  afterPhrases,
  beforePhrases,
  closedHourPhrases,
  dayPhrases,
  hourPhrases,
  offHourPhrases,
  ordinal,
  rangePhrases,
  type Range,
  type Said,
} from "./phrases";
import { seededRng, type Rng } from "./random";

/**
 * The generated evaluation set of issue 25 §5: requests with known meanings × surface variation ×
 * adversarial near-misses, each with its expected reading and outcome, as cases of the corpus's
 * schema (lib/eval/judge.ts) so the evaluation runner plays them and the judge scores them. Written
 * from the policy, not from the simulated model: book only what was fully understood and
 * free; otherwise ask (a "?") or refuse with the reason; nothing on a guess.
 */

export const FAMILIES = ["meaning", "variation", "near-miss"] as const;
export type Family = (typeof FAMILIES)[number];

/** What the member meant. */
export type Reading = {
  intent: "book" | "availability" | "my_bookings" | "cancel";
  date?: string;
  /** The hour asked for, or every start inside the range asked for. */
  hours?: number[];
  /** A–D, "any", or what the member called a court the club does not have. */
  court?: string;
};

/** What the assistant should do about it. */
export type Outcome =
  | { action: "book"; slot: string }
  | { action: "answer" }
  | { action: "cancel"; slot: string }
  | { action: "ask"; why: "contradiction" | "unknown word" | "which booking" }
  | { action: "refuse"; why: "no such court" | "closed" | "beyond horizon" | "not on the hour" | "taken" | "past" | "no such booking" };

/** A request as parts: the head ("book", "is court b free") and the parts that may move ("on friday", "at 3pm"). */
export type Utterance = { head: string; parts: string[]; question: boolean };

export type GeneratedCase = Case & {
  family: Family;
  reading: Reading;
  outcome: Outcome;
  utterance: Utterance;
  /** For a variation: the case it varies and how. */
  base?: string;
  transforms?: string[];
};

export function render(u: Utterance): string {
  return [u.head, ...u.parts].join(" ") + (u.question ? "?" : "");
}

const BOOK_VERBS = ["book", "reserve", "can you book", "could you book", "i'd like to book", "i want to book", "please book"];
const COURT_SAID = (court: string) => [`court ${court.toLowerCase()}`, `court ${court}`, `Court ${court}`];
const COURT_PREFERENCES: Record<string, string[]> = { C: ["the clay court"], D: ["the indoor court"] };
/** Courts members name that the club does not have. */
const NO_SUCH_COURTS = [
  "court e",
  "court f",
  "court g",
  "court h",
  "court 5",
  "court 7",
  "court 9",
  "the show court",
  "the grass court",
  "centre court",
];
const COURTS_NAMED = "Courts? A|A ?[–-] ?D|A, B, C";
const HOURS_REASON = "07:00|21:00|22:00|hours|open|close";
const HORIZON_REASON = "14 days|ahead|horizon";
const ON_THE_HOUR = "on the hour|whole hour|full hour";
const TAKEN_REASON = "taken|not free|booked|unavailable|isn't free|not available";
const PAST_REASON = "passed|past|already";
const ASKS = "\\?";
const CANCELLED = "[Cc]ancel";

/** A bookable day of the horizon (0 = today, afternoons only). */
function anyDay(rng: Rng): string {
  return dayAhead(rng.int(0, HORIZON));
}

function anyHour(rng: Rng): number {
  return rng.int(7, 21);
}

function mustNotMisread(...said: (Said | undefined)[]): string[] {
  return said.flatMap((s) => (s?.misread !== undefined && s.misread >= 0 ? [hh(s.misread)] : []));
}

type Draft = Omit<GeneratedCase, "id" | "turns" | "family"> & { kind: string };

function book(rng: Rng, courtMode: "named" | "any" | "preference"): Draft | null {
  const date = anyDay(rng);
  const hour = anyHour(rng);
  const free = freeCourts(date, hour);
  const court = courtMode === "named" ? rng.pick(COURT_IDS) : courtMode === "preference" ? rng.pick(["C", "D"]) : undefined;
  if (court ? !isFree(court, date, hour) : free.length === 0) return null;
  const slots = (court ? [court] : free).map((c) => slotOf(c, date, hour));
  const time = rng.pick(hourPhrases(hour, { today: date === dayAhead(0) }));
  const day = rng.pick(dayPhrases(date));
  const verb = rng.pick(BOOK_VERBS);
  const utterance: Utterance =
    courtMode === "any"
      ? { head: `${verb} ${rng.pick(["a court", "any court", "a court for me"])}`, parts: [day, time.text], question: false }
      : {
          head: verb,
          parts: [rng.pick(courtMode === "named" ? COURT_SAID(court!) : COURT_PREFERENCES[court!]), day, time.text],
          question: false,
        };
  return {
    kind: `meaning/book-${courtMode}`,
    reading: { intent: "book", date, hours: [hour], court: court ?? "any" },
    outcome: { action: "book", slot: slotPattern(slots) },
    utterance,
    book: [slotPattern(slots)],
    must: [hh(hour)],
    mustNot: mustNotMisread(time),
  };
}

function availability(rng: Rng): Draft | null {
  const date = anyDay(rng);
  const hour = anyHour(rng);
  if (!bookable(date, hour)) return null;
  const court = rng.chance(0.5) ? rng.pick(COURT_IDS) : undefined;
  const time = rng.pick(hourPhrases(hour, { today: date === dayAhead(0) }));
  const head = court
    ? `is ${rng.pick(COURT_SAID(court))} ${rng.pick(["free", "available"])}`
    : rng.pick([
        "is there a court free",
        "anything free",
        "any court free",
        "what's available",
        "are any courts free",
        "which courts are free",
      ]);
  return {
    kind: "meaning/availability",
    reading: { intent: "availability", date, hours: [hour], court: court ?? "any" },
    outcome: { action: "answer" },
    utterance: { head, parts: [rng.pick(dayPhrases(date)), time.text], question: true },
    book: [],
    must: [hh(hour)],
    mustNot: mustNotMisread(time),
  };
}

function anyRange(rng: Rng): Range {
  const form = rng.int(0, 2);
  if (form === 1) return rng.pick(afterPhrases(rng.int(17, 20)));
  if (form === 2) return rng.pick(beforePhrases(rng.int(9, 12)));
  const start = rng.int(7, 19);
  return rng.pick(rangePhrases(start, Math.min(22, start + rng.int(2, 3))));
}

function rangeAvailability(rng: Rng): Draft | null {
  const date = anyDay(rng);
  const range = anyRange(rng);
  const open = range.hours.filter((h) => freeCourts(date, h).length > 0);
  if (!open.length) return null;
  const head = rng.pick(["anything free", "is there a court free", "which courts are free", "what's available", "any courts open"]);
  return {
    kind: "meaning/availability-range",
    reading: { intent: "availability", date, hours: range.hours, court: "any" },
    outcome: { action: "answer" },
    utterance: { head, parts: [rng.pick(dayPhrases(date)), range.text], question: true },
    book: [],
    must: [open.map(hh).join("|")],
    mustNot: mustNotMisread(range),
  };
}

/** Own bookings the member holds before the conversation: free, allowed, on different days, hours and courts. */
function setupBookings(rng: Rng, count: number): { slot: string; date: string; hour: number; court: string }[] | null {
  const days = rng.shuffle([1, 2, 3, 4, 5, 6]).slice(0, count);
  const hours = rng.shuffle([8, 9, 10, 11, 13, 14, 15, 16, 17, 19, 20]).slice(0, count);
  const courts = rng.shuffle(COURT_IDS).slice(0, count);
  const out = days.map((d, i) => ({ date: dayAhead(d), hour: hours[i], court: courts[i], slot: slotOf(courts[i], dayAhead(d), hours[i]) }));
  return out.every((b) => isFree(b.court, b.date, b.hour)) ? out : null;
}

function myBookings(rng: Rng): Draft | null {
  const held = setupBookings(rng, rng.int(0, 2));
  if (!held) return null;
  const head = rng.pick([
    "what have i booked",
    "what bookings do i have",
    "show my bookings",
    "list my reservations",
    "when am i playing",
    "do i have anything booked",
    "what are my upcoming bookings",
  ]);
  return {
    kind: "meaning/my-bookings",
    reading: { intent: "my_bookings" },
    outcome: { action: "answer" },
    utterance: { head, parts: [], question: !head.startsWith("show") && !head.startsWith("list") },
    book: held.map((b) => b.slot),
    setup: held.map((b) => b.slot),
    needs: ["my_bookings"],
    must: held.length ? held.map((b) => hh(b.hour)) : ["no upcoming|don't have|do not have|no bookings|nothing booked"],
  };
}

function cancel(rng: Rng): Draft | null {
  const held = setupBookings(rng, 2);
  if (!held) return null;
  const [target, other] = rng.shuffle(held);
  const day = weekdayOf(target.date);
  const t = target.hour % 12 === 0 ? 12 : target.hour % 12;
  const by = rng.pick(["day", "day", "time", "court"]);
  const head =
    by === "day"
      ? rng.pick([
          `cancel my booking on ${day}`,
          `cancel my ${day} booking`,
          `cancel the one on ${day}`,
          `drop my ${day} booking`,
          `call off my game on ${day}`,
        ])
      : by === "time"
        ? rng.pick([`cancel my ${t}${target.hour >= 12 ? "pm" : "am"} booking`, `cancel my booking at ${hh(target.hour)}`])
        : rng.pick([`cancel my court ${target.court.toLowerCase()} booking`, `cancel my booking on court ${target.court}`]);
  return {
    kind: "meaning/cancel",
    reading: { intent: "cancel", date: target.date, hours: [target.hour], court: target.court },
    outcome: { action: "cancel", slot: target.slot },
    utterance: { head, parts: [], question: false },
    book: [other.slot],
    setup: held.map((b) => b.slot),
    needs: ["my_bookings", "cancel_booking"],
    must: [CANCELLED],
  };
}

/** A booking request (named court, free slot) as parts, for the near-misses to spoil. */
function bookingParts(
  rng: Rng,
): { date: string; hour: number; court: string; verb: string; court_: string; day: string; time: Said } | null {
  const date = anyDay(rng);
  const hour = anyHour(rng);
  const court = rng.pick(COURT_IDS);
  if (!isFree(court, date, hour)) return null;
  const time = rng.pick(hourPhrases(hour, { today: date === dayAhead(0) }));
  return { date, hour, court, verb: rng.pick(BOOK_VERBS), court_: rng.pick(COURT_SAID(court)), day: rng.pick(dayPhrases(date)), time };
}

function noSuchCourt(rng: Rng): Draft | null {
  const date = anyDay(rng);
  const hour = anyHour(rng);
  if (!bookable(date, hour)) return null;
  const named = rng.pick(NO_SUCH_COURTS);
  const asked = rng.chance(0.7);
  const parts = [rng.pick(dayPhrases(date)), rng.pick(hourPhrases(hour)).text];
  return {
    kind: "near-miss/no-such-court",
    reading: { intent: asked ? "book" : "availability", date, hours: [hour], court: named },
    outcome: { action: "refuse", why: "no such court" },
    utterance: asked
      ? { head: `${rng.pick(BOOK_VERBS)} ${named}`, parts, question: false }
      : { head: `is ${named} free`, parts, question: true },
    book: [],
    must: [COURTS_NAMED],
  };
}

/**
 * A content word that does not fit a booking request's reading: another day, another hour, another
 * court, or a word the club gives no meaning to. Null when the reading leaves no such word (no
 * other court to contradict "any court").
 */
export function extraWord(reading: Reading, rng: Rng, what: "day" | "hour" | "court" | "unknown"): string | null {
  if (what === "unknown") return rng.pick(UNKNOWN_WORDS);
  if (what === "day") {
    const other = dayAhead(rng.int(1, 6));
    // "in N days" next to another day reads as arithmetic, not as a second day.
    return other === reading.date ? null : rng.pick(dayPhrases(other).filter((p) => !p.startsWith("in ")));
  }
  if (what === "hour") {
    const other = anyHour(rng);
    return reading.hours?.includes(other) ? null : rng.pick(hourPhrases(other).filter((p) => p.misread === undefined)).text;
  }
  if (!reading.court || !COURT_IDS.includes(reading.court)) return null;
  return rng.pick(COURT_SAID(rng.pick(COURT_IDS.filter((c) => c !== reading.court))));
}

/** The request with `extra` among its movable parts, never first, so it reads as part of the one request. */
export function withExtra(u: Utterance, extra: string, rng: Rng): Utterance {
  const at = rng.int(1, u.parts.length);
  return { ...u, parts: [...u.parts.slice(0, at), extra, ...u.parts.slice(at)] };
}

function spoiled(rng: Rng, what: "day" | "hour" | "court" | "unknown"): Draft | null {
  const b = bookingParts(rng);
  if (!b) return null;
  const reading: Reading = { intent: "book", date: b.date, hours: [b.hour], court: b.court };
  const extra = extraWord(reading, rng, what);
  if (!extra) return null;
  return {
    kind: what === "unknown" ? "near-miss/unknown-word" : `near-miss/two-${what}s`,
    reading,
    outcome: { action: "ask", why: what === "unknown" ? "unknown word" : "contradiction" },
    utterance: withExtra({ head: b.verb, parts: [b.court_, b.day, b.time.text], question: false }, extra, rng),
    book: [],
    must: [ASKS],
  };
}

function closedHour(rng: Rng): Draft | null {
  const date = dayAhead(rng.int(1, HORIZON));
  const hour = rng.pick([0, 5, 6, 22, 23]);
  const court = rng.chance(0.5) ? rng.pick(COURT_IDS) : undefined;
  return {
    kind: "near-miss/closed-hour",
    reading: { intent: "book", date, hours: [hour], court: court ?? "any" },
    outcome: { action: "refuse", why: "closed" },
    utterance: {
      head: rng.pick(BOOK_VERBS),
      parts: [court ? rng.pick(COURT_SAID(court)) : "a court", rng.pick(dayPhrases(date)), rng.pick(closedHourPhrases(hour))],
      question: false,
    },
    book: [],
    must: [HOURS_REASON],
  };
}

function beyondHorizon(rng: Rng): Draft | null {
  const days = rng.int(HORIZON + 2, 30);
  const date = dayAhead(days);
  const d = Number(date.slice(8, 10));
  const m = Number(date.slice(5, 7));
  const day = rng.pick([
    `in ${days} days`,
    `on ${d}/${m}`,
    ...(m === 12 ? [`on the ${ordinal(d)}`, `on december ${ordinal(d)}`, `on ${d} december`] : []),
  ]);
  const hour = anyHour(rng);
  return {
    kind: "near-miss/beyond-horizon",
    reading: { intent: "book", date, hours: [hour], court: "B" },
    outcome: { action: "refuse", why: "beyond horizon" },
    utterance: {
      head: rng.pick(BOOK_VERBS),
      parts: [rng.pick(COURT_SAID(rng.pick(COURT_IDS))), day, rng.pick(hourPhrases(hour)).text],
      question: false,
    },
    book: [],
    must: [HORIZON_REASON],
  };
}

function offTheHour(rng: Rng): Draft | null {
  const date = dayAhead(rng.int(1, HORIZON));
  const hour = rng.int(8, 20);
  return {
    kind: "near-miss/not-on-the-hour",
    reading: { intent: "book", date, court: "any" },
    outcome: { action: "refuse", why: "not on the hour" },
    utterance: {
      head: `${rng.pick(BOOK_VERBS)} a court`,
      parts: [rng.pick(dayPhrases(date)), rng.pick(offHourPhrases(hour))],
      question: false,
    },
    book: [],
    must: [ON_THE_HOUR],
  };
}

function rangeBooking(rng: Rng): Draft | null {
  const date = anyDay(rng);
  const range = anyRange(rng);
  const court = rng.chance(0.5) ? rng.pick(COURT_IDS) : undefined;
  const open = range.hours.filter((h) => (court ? isFree(court, date, h) : freeCourts(date, h).length > 0));
  if (!open.length) return null;
  const slots = open.flatMap((h) => (court ? [court] : COURT_IDS).filter((c) => isFree(c, date, h)).map((c) => slotOf(c, date, h)));
  return {
    kind: "near-miss/range-booking",
    reading: { intent: "book", date, hours: range.hours, court: court ?? "any" },
    outcome: { action: "book", slot: slotPattern(slots) },
    utterance: court
      ? { head: rng.pick(BOOK_VERBS), parts: [rng.pick(COURT_SAID(court)), rng.pick(dayPhrases(date)), range.text], question: false }
      : { head: `${rng.pick(BOOK_VERBS)} a court`, parts: [rng.pick(dayPhrases(date)), `any time ${range.text}`], question: false },
    book: [slotPattern(slots)],
    must: [open.map(hh).join("|")],
    mustNot: mustNotMisread(range),
  };
}

function takenSlot(rng: Rng): Draft | null {
  const date = dayAhead(rng.int(0, 5));
  const hour = anyHour(rng);
  const court = rng.pick(COURT_IDS);
  if (!bookable(date, hour) || !isTaken(court, date, hour)) return null;
  return {
    kind: "near-miss/taken",
    reading: { intent: "book", date, hours: [hour], court },
    outcome: { action: "refuse", why: "taken" },
    utterance: {
      head: rng.pick(BOOK_VERBS),
      parts: [rng.pick(COURT_SAID(court)), rng.pick(dayPhrases(date)), rng.pick(hourPhrases(hour)).text],
      question: false,
    },
    book: [],
    must: [TAKEN_REASON],
  };
}

function pastHour(rng: Rng): Draft | null {
  const hour = rng.int(7, 10);
  return {
    kind: "near-miss/past",
    reading: { intent: "book", date: dayAhead(0), hours: [hour], court: "any" },
    outcome: { action: "refuse", why: "past" },
    utterance: { head: `${rng.pick(BOOK_VERBS)} a court`, parts: ["today", rng.pick(hourPhrases(hour)).text], question: false },
    book: [],
    must: [PAST_REASON],
  };
}

function cancelUnclear(rng: Rng): Draft | null {
  const held = setupBookings(rng, 2);
  if (!held) return null;
  const heldDays = new Set(held.map((b) => b.date));
  const none = rng.chance(0.5) ? rng.pick([1, 2, 3, 4, 5, 6].map(dayAhead).filter((d) => !heldDays.has(d))) : undefined;
  const head = none
    ? rng.pick([`cancel my booking on ${weekdayOf(none)}`, `cancel my ${weekdayOf(none)} booking`])
    : rng.pick(["cancel my booking", "cancel my reservation", "please cancel my court"]);
  return {
    kind: none ? "near-miss/cancel-no-such-booking" : "near-miss/cancel-which",
    reading: { intent: "cancel", date: none },
    outcome: none ? { action: "refuse", why: "no such booking" } : { action: "ask", why: "which booking" },
    utterance: { head, parts: [], question: false },
    book: held.map((b) => b.slot),
    setup: held.map((b) => b.slot),
    needs: ["my_bookings", "cancel_booking"],
    must: [none ? "no booking|don't have|do not have|not have|nothing" : "[Ww]hich|\\?"],
  };
}

/** Surface changes that must not change the outcome (issue 25 §5), each null where it does not apply. */
export const VARIATIONS: Record<string, (text: string, rng: Rng, u: Utterance, intent: Reading["intent"]) => string | null> = {
  case: (text, rng) => {
    const how = rng.pick(["upper", "title", "sentence"]);
    if (how === "upper") return text.toUpperCase();
    if (how === "title") return text.replace(/\b[a-z]/g, (c) => c.toUpperCase());
    return text[0].toUpperCase() + text.slice(1);
  },
  punctuation: (text, rng) => {
    const how = rng.pick(["bang", "stop", "comma", "bare", "ellipsis"]);
    const bare = text.replace(/[?!.]+$/, "");
    if (how === "bang") return `${bare}!`;
    if (how === "stop") return `${bare}.`;
    if (how === "ellipsis") return `${bare}...`;
    if (how === "comma") return text.replace(/ (on|at|in|tomorrow|today|next|the) /, ", $1 ");
    return bare.replace(/[',]/g, "");
  },
  filler: (text, rng, _u, intent) => {
    const request = intent === "book" || intent === "cancel";
    const before = rng.chance(0.5);
    if (before) return `${rng.pick(request && rng.chance(0.5) ? POLITE_OPENERS : GREETINGS)} ${text}`;
    const end = text.match(/[?!.]*$/)![0];
    const closer = rng.pick(CLOSERS);
    return `${text.slice(0, text.length - end.length)}${closer.startsWith(",") ? "" : " "}${closer}${end}`;
  },
  order: (_text, rng, u) => {
    if (u.parts.length < 2) return null;
    const moved = rng.shuffle(u.parts);
    if (moved.join() === u.parts.join()) moved.reverse();
    return render({ ...u, parts: moved });
  },
  abbreviation: (text, rng) => {
    const swaps: [RegExp, string[]][] = [
      [/\btomorrow\b/, ["tmrw", "2moro", "tmr"]],
      [/\bplease\b/, ["pls", "plz"]],
      ...Object.entries(WEEKDAY_SHORT).map(([day, short]) => [new RegExp(`\\b${day}\\b`), short] as [RegExp, string[]]),
      [/\bcourt ([a-d])\b/i, ["crt $1", "court$1"]],
    ];
    const hit = rng.shuffle(swaps).find(([re]) => re.test(text));
    return hit ? text.replace(hit[0], rng.pick(hit[1])) : null;
  },
  typo: (text, rng) => withTypo(text, rng),
};

const MEANINGS: [string, number, (rng: Rng) => Draft | null][] = [
  ["book-named", 600, (rng) => book(rng, "named")],
  ["book-any", 400, (rng) => book(rng, "any")],
  ["book-preference", 200, (rng) => book(rng, "preference")],
  ["availability", 450, availability],
  ["availability-range", 350, rangeAvailability],
  ["my-bookings", 80, myBookings],
  ["cancel", 250, cancel],
];
const NEAR_MISSES: [string, number, (rng: Rng) => Draft | null][] = [
  ["no-such-court", 300, noSuchCourt],
  ["contradiction", 450, (rng) => spoiled(rng, rng.pick(["day", "hour", "court"] as const))],
  ["unknown-word", 200, (rng) => spoiled(rng, "unknown")],
  ["closed-hour", 250, closedHour],
  ["beyond-horizon", 200, beyondHorizon],
  ["not-on-the-hour", 250, offTheHour],
  ["range-booking", 350, rangeBooking],
  ["taken", 100, takenSlot],
  ["past", 60, pastHour],
  ["cancel-unclear", 100, cancelUnclear],
];
const VARIATIONS_PER_KIND = 400;

function toCase(draft: Draft, id: string, family: Family, say: string): GeneratedCase {
  return { id, family, ...draft, turns: [{ say }] };
}

/** The whole generated set for a seed: the same seed gives the same cases, in the same order. */
export function generateCases(seed = 1): GeneratedCase[] {
  const rng = seededRng(seed);
  const out: GeneratedCase[] = [];
  const seen = new Set<string>();
  // One utterance with one set of the member's bookings is one case.
  const key = (say: string, d: Draft) => `${say}|${(d.setup ?? []).join()}`;
  const fill = (family: Family, name: string, target: number, make: (rng: Rng) => Draft | null) => {
    for (let tries = 0, n = 0; n < target && tries < target * 50; tries++) {
      const draft = make(rng);
      if (!draft) continue;
      const say = render(draft.utterance);
      if (seen.has(key(say, draft))) continue;
      seen.add(key(say, draft));
      out.push(toCase(draft, `gen-${name}-${String(++n).padStart(4, "0")}`, family, say));
    }
  };
  for (const [name, target, make] of MEANINGS) fill("meaning", name, target, make);
  const bases = [...out];
  for (const [transform, vary] of Object.entries(VARIATIONS)) {
    let n = 0;
    for (let tries = 0; n < VARIATIONS_PER_KIND && tries < VARIATIONS_PER_KIND * 50; tries++) {
      const base = rng.pick(bases);
      const say = vary(base.turns[0].say, rng, base.utterance, base.reading.intent);
      if (!say || say === base.turns[0].say || seen.has(key(say, base))) continue;
      seen.add(key(say, base));
      const { id, family: _family, turns: _turns, kind: _kind, ...rest } = base;
      out.push({
        ...rest,
        id: `gen-${transform}-${String(++n).padStart(4, "0")}`,
        kind: `variation/${transform}`,
        family: "variation",
        turns: [{ say }],
        base: id,
        transforms: [transform],
      });
    }
  }
  for (const [name, target, make] of NEAR_MISSES) fill("near-miss", name, target, make);
  return out;
}

/**
 * A seeded sample of `count` cases in which every kind takes its turn (one of each kind, then the
 * next of each…), so even a small sample holds every family and near-miss.
 */
export function sampleCases(cases: readonly GeneratedCase[], count: number, seed = 1): GeneratedCase[] {
  const rng = seededRng(seed);
  const byKind = new Map<string, GeneratedCase[]>();
  for (const c of rng.shuffle(cases)) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c]);
  const queues = [...byKind.keys()].sort().map((k) => byKind.get(k)!);
  const picked: GeneratedCase[] = [];
  for (let round = 0; picked.length < count && queues.some((q) => q.length > round); round++) {
    for (const q of queues) if (q[round] && picked.length < count) picked.push(q[round]);
  }
  return picked;
}

export function familyOf(kind: string): Family {
  return kind.split("/")[0] as Family;
}
