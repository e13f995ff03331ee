import * as chrono from "chrono-node";
import { DateTime } from "luxon";
import { correctTypos, knowsWord } from "./lexicon";

/** What the simulated model reads in one message. Absent fields mean the message does not say. */
type Intent = "check" | "book" | "cancel" | "list" | "club" | "smalltalk" | "offtopic" | "foreign";
export type Preference = "indoor" | "outdoor" | "clay" | "hard" | "grass" | "carpet" | "earliest" | "latest";
/** Start times from..to inclusive; `label` says it back ("in the evening"); `near` orders by closeness ("around 6"). */
type TimeRange = { from: string; to: string; label: string; near?: string };
type Topic = "indoor" | "surface" | "courts" | "hours" | "horizon" | "limits";
/** One booking of several asked for in one message. */
type Item = { date?: string; time?: string };

export type Utterance = {
  intent?: Intent;
  date?: string;
  time?: string;
  range?: TimeRange;
  court?: string;
  slotId?: string;
  preferences: Preference[];
  /** "book every court": more than one booking asked for in one go, without saying which. */
  many: boolean;
  /** Several bookings named one by one ("friday 7pm and saturday 9am"). */
  items: Item[];
  /** "yes", "book it", "I'll take it": agreement with what was offered. */
  confirms: boolean;
  /** "7pm please", "the one at 9": a pick said as a wish, not only a time named. */
  wants: boolean;
  /** "no", "never mind". */
  declines: boolean;
  /** A question rather than an instruction ("what about 5pm?"). */
  asks: boolean;
  /** A date too vague to act on ("next week"). */
  vagueDate?: string;
  /** A day said relative to today ("tomorrow") while the prompt gave no date. */
  needsToday?: string;
  /** An hour said without am/pm that could be morning or evening ("at 8"). */
  hourOnly?: number;
  /** A court the member named that may not exist ("court E", "court 7"). */
  namedCourt?: string;
  /** "the second one": a place in the list on the table (0-based). */
  nth?: number;
  /** "whichever is free", "any court", "don't mind": any of the courts on the table will do. */
  anyCourt: boolean;
  /** A word the model does not know, said in a request it would act on ("book court b frindle at 6"). */
  unknown?: string;
  /** A booking the member names by its id ("cancel booking cmgx12…"). */
  bookingRef?: string;
  /** Club facts asked about. */
  topics: Topic[];
  /** What the message leaves in doubt, said back as a question ("Court B or Court C?"): the model asks instead of acting. */
  unsure?: string;
  /** "anything a bit earlier?": another hour than the one on the table, before or after it. */
  shift?: "earlier" | "later";
  /** The message corrects what was said before ("make it 6 instead", "sorry, friday not thursday"). */
  corrects: boolean;
  /** Assumptions worth saying back ("at 3" taken as 15:00). */
  notes: string[];
};

export const SLOT_ID_PATTERN = /\b(\d{4}-\d{2}-\d{2})_Court([A-Z])_(\d{2})(\d{2})\b/g;

/** Messages are read up to this length: enough for any request, and the cost per decision stays bounded. */
export const MAX_MESSAGE = 600;

// Common misspellings seen in chat; the rules below only need the canonical word.
const TYPOS: [RegExp, string | ((m: string) => string)][] = [
  [/\b(?:tomm?orr?ow|tomorow|tmrw?|2morr?ow|2moro|tomrrow|tommorow|tmro|tmoro)\b/g, "tomorrow"],
  [/\bbk\b/g, "book"],
  [/\btonite\b/g, "tonight"],
  [/\b(?:wensday|wedensday|wednsday|wendsday|wedsday)\b/g, "wednesday"],
  [/\b(?:thursady|thrusday|thur|thurs)\b/g, "thursday"],
  [/\b(?:saterday|satruday)\b/g, "saturday"],
  [/\b(?:firday|fridya)\b/g, "friday"],
  [/\bavail\w*|\bavaib\w*|\bavailb\w*/g, "available"],
  [/\breservations\b/g, "bookings"],
  [/\breservation\b/g, "booking"],
  [/\bresev\w*|\breserv\w*/g, "reserve"],
  [/\bbo+k+(?:ing)?\b/g, (m) => (m.endsWith("ing") ? "booking" : "book")],
  [/\bcort\b|\bcourtt\b|\bcrt\b|\bct\b\.?/g, "court"],
  // "courtc", "court-c", "court #2": the court said without a space.
  [/\bcourt(?:[-:#]\s?(?:[a-z]|\d{1,2})|[a-rt-z]|\d{1,2})\b/g, (m) => `court ${m.replace(/^court[-:#]?\s?/, "")}`],
  [/\b([a-z])-court\b/g, (m) => `court ${m[0]}`],
  [/\bcourt (one|two|three|four|five|six|seven|eight|nine|ten)\b/g, (m) => `court ${WORD_NUMBERS[m.slice(6)]}`],
  [/\bpls\b|\bplz\b/g, "please"],
  [/\b(?:thx|thnx|thanx|ty)\b/g, "thanks"],
];

const WORD_NUMBERS: Record<string, number | undefined> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
};
const MONTH =
  "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
/** Numbers that are days of a month ("dec 4", "4th of december", "the 5th"), not hours. */
const DAY_NUMBERS = new RegExp(
  `\\b(?:${MONTH})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b|\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${MONTH})\\b|\\b\\d{1,2}(?:st|nd|rd|th)\\b`,
  "g",
);

const GREETING =
  /^(?:hi+|hello|hey+|heya|hiya|yo|howdy|good (?:morning|afternoon|evening|night|day)|morning|evening|thanks|thank you|cheers|many thanks|great,? thanks|ok(?:ay)?,? thanks|how are you|how's it going|who are you|what can you do|help|bye|goodbye|see you|see ya|nice|cool|great|awesome|lol|haha)\b[\s,!.?]*/;
const SMALLTALK_ONLY =
  /^(?:hi+|hello|hey+|heya|hiya|yo|howdy|good (?:morning|afternoon|evening|night|day)|morning|evening|(?:(?:ok(?:ay)?|great|perfect|cool|nice|brilliant),?\s*)?thanks?(?: you)?(?: (?:so|very) much| a lot| again)?|cheers|many thanks|ok(?:ay)?,? thanks|great,? thanks|how are you(?: doing)?(?: today)?|how's it going|who are you|what can you do|what do you do|help|bye|goodbye|see you|see ya|nice|cool|great|awesome|lol|haha|have a (?:nice|good) (?:day|evening)|you'?re (?:great|the best|awesome))[\s,!.?:)]*$/;
const INTENT_RULES: [Intent, RegExp][] = [
  [
    "list",
    /\b(?:what|which|show|list|see|view|check|tell me)\b[^.?!]{0,30}\b(?:my|mine)\b[^.?!]{0,20}\b(?:bookings?|reservations?|courts?|games?|slots?)\b|\bmy (?:bookings|reservations|upcoming)\b|\bdo i have\b[^.?!]{0,25}\b(?:bookings?|reservations?|courts?|anything booked)\b|\bam i (?:booked|playing)\b|\bwhen am i playing\b|\bwhat bookings do i have\b|\bwhat have i (?:booked|reserved)\b|\b(?:list|show) me\b[^.?!]{0,20}\bbookings\b|\b(?:list|show)\b[^.?!]{0,10}\b(?:member's|user's|their)\b[^.?!]{0,20}\bbookings\b|\bhave i (?:got|booked)\b[^.?!]{0,20}\b(?:bookings?|courts?|anything)\b|\b(?:what|which)\b[^.?!]{0,25}\b(?:do i have|have i got|am i booked|have i booked|i(?:'ve| have) booked)\b|\bwhat(?:'s| is| have i got) (?:booked|in my name|under my name)\b|\bany(?:thing)? (?:booked )?(?:in|under) my name\b/,
  ],
  [
    "cancel",
    /\b(?:cancel\w*|call off|unbook|delete my|remove my|drop my|can'?t make it|cannot make it|drop (?:it|that|the booking)|scrap (?:it|that|my|the)|get rid of|free up|release (?:it|that|my|the)|no longer (?:do|make|play|need|want)|can'?t (?:do|play) (?:it|that|on)|won'?t (?:make it|be able to (?:make|play|come))|clear (?:all )?(?:of )?my|remove (?:it|that|the booking)|delete (?:it|that|the booking))\b/,
  ],
  [
    "book",
    /\b(?:book|booking|reserve|grab|get me|i'?ll take|take it|take that|sign me up|lock (?:it )?in|secure|put me down|want to play|wanna play|like to play)\b|\b(?:can i (?:get|have)|i(?:'d like| would like| want| need)|give me)\b[^.?!]{0,30}\b(?:court|slot)\b/,
  ],
  [
    "check",
    /\b(?:available|availability|free|open|any (?:courts?|slots?|times?)|what (?:times|slots)|which courts?|check|is there|are there|can i play|vacant|anything)\b/,
  ],
];
/** Booking words the member holds back ("don't book it yet", "before I book", "thinking of booking"): not a request to book. */
const HELD_BACK =
  /\b(?:don'?t|do not|no need to|not (?:yet )?(?:going|ready|wanting) to|without|before (?:i|we)|thinking (?:of|about)|considering|wondering (?:whether|if) (?:i|we) should)\s+(?:\w+\s+){0,2}?(?:book\w*|reserve\w*)\b(?:\s+(?:it|that|anything|one|yet|now))*/g;
/** "let me check with my partner first": whatever else the message says, not yet a request to book. */
const HESITANT = new RegExp(
  [
    /\b(?:let me|i'?ll|i need to|i have to|i must|i want to) (?:check|confirm|ask|talk)\b[^.?!]{0,40}\b(?:first|before)\b|\bnot sure yet\b|\bhold off\b|\bchanged my mind\b/
      .source,
    /\bjust (?:checking|asking|wondering|curious|looking|want(?:ed)? to (?:know|check|see))\b|\bno booking\b|\bnot (?:booking|reserving)\b|\b(?:might|may) (?:want to |like to )?(?:book|reserve)\b/
      .source,
    /\b(?:book|reserve) (?:it |that |one )?later\b|\bi'?ll (?:book|reserve)\b[^.?!]{0,30}\b(?:later|myself|once|when|after)\b|\b(?:was|were) going to (?:book|reserve)\b/
      .source,
    // Someone else's booking is theirs to make: the member is the only one a booking is for.
    /\b(?:my|a|our) (?:friend|partner|wife|husband|colleague|son|daughter|brother|sister|mate|coach)\b[^.?!]{0,20}\b(?:wants|would like|needs|is going) to (?:book|reserve)\b/
      .source,
  ].join("|"),
);
const CONFIRM =
  /^(?:yes|yeah|yea|yep|yup|ya|sure|ok(?:ay)?|please|go ahead|do it|sounds good|perfect|great|fine|absolutely|definitely|confirm(?:ed)?|correct|right|book it|that one|that works|works for me|let'?s do it|i'?ll take it)\b|\b(?:works|that one|i'?ll take (?:it|that)|book (?:it|that)|go for it|please do|yes please)\b/;
const ANY_COURT =
  /\b(?:whichever|any (?:court|one)(?! (?:at|on|free|available|tomorrow|today))|any of them|either (?:one|court|is fine|will do)|(?:doesn't|does not|don't|do not) mind|(?:doesn't|does not) matter|no preference|you (?:choose|pick|decide))\b/;
const ORDINALS = ["first", "second", "third", "fourth", "fifth"];
/** "the second one", "the 2nd slot": which of the options on the table; "last" counts from the end (-1). */
function nthOf(text: string): number | undefined {
  const m = /\bthe (first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|last) (?:one|slot|option|time|court|of (?:them|those))\b/.exec(
    text,
  );
  if (!m) return undefined;
  if (m[1] === "last") return -1;
  const i = ORDINALS.indexOf(m[1]);
  return i >= 0 ? i : Number(m[1][0]) - 1;
}
const WANTS = /\bplease\b|\bthe one\b|\bi'?d like\b|\bi want\b|\blet'?s (?:do|go|have|take)\b|\bfor me\b/;
const DECLINE = /^(?:no|nope|nah|not now|never ?mind|forget it|cancel that|don'?t)\b/;
const MANY =
  /\b(?:every|all(?: the)?) (?:courts?|slots?|hours?)\b|\ball of them\b|\bbook (?:them )?all\b|\b(?:[2-9]|two|three|four|several|multiple) (?:courts|slots)\b|\bwhole (?:day|club)\b/;
const PREFERENCES: [Preference, RegExp][] = [
  ["indoor", /\b(?:indoors?|inside|covered|roofed|under a roof)\b/],
  ["outdoor", /\b(?:outdoors?|outside|open[- ]air)\b/],
  ["clay", /\bclay\b/],
  ["hard", /\bhard(?: ?courts?| surface| one)?\b/],
  ["grass", /\bgrass\b/],
  ["carpet", /\bcarpet\b/],
  ["earliest", /\b(?:earliest|first (?:available|free|slot|one)|as early as|asap|soonest)\b/],
  ["latest", /\b(?:latest|last (?:available|free|slot|one)|as late as)\b/],
];
const FOREIGN_WORDS =
  /\b(?:bonjour|merci|je|voudrais|r[ée]server|demain|aujourd'hui|terrain|hola|quiero|reservar|ma[ñn]ana|pista|gracias|hallo|ich|m[öo]chte|buchen|platz|danke|bitte|heute|ciao|vorrei|prenotare|domani|campo|grazie|graag|baan|reserveren|alstublieft|vandaag|morgen|uhr|por favor|s'il|vous|plait|plaît|buongiorno|guten|tag|olá|obrigado|amanhã|quadra)\b/g;
const ENGLISH_WORDS =
  /\b(?:the|a|an|to|is|at|book|court|courts|free|tomorrow|today|please|i|can|for|on|what|any|me|my|do|you|it|and|in|of|available)\b/g;

const parser = chrono.casual.clone();
// chrono leaves "the 5th" alone; people mean the next 5th of a month.
parser.parsers.push({
  pattern: () => /\b(?:the|on)\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+of\b)/i,
  extract: (context, match) => {
    const day = Number(match[1]);
    if (day < 1 || day > 31) return null;
    const ref = context.refDate;
    const month = day >= ref.getDate() ? ref.getMonth() : ref.getMonth() + 1;
    const at = new Date(ref.getFullYear(), month, day);
    return { day: at.getDate(), month: at.getMonth() + 1, year: at.getFullYear() };
  },
});

/** A fixed reference for reading dates when the prompt gave none: the dates found are then not used, only noticed. */
const NO_DATE_REFERENCE = DateTime.fromObject({ year: 2000, month: 1, day: 3 }, { zone: "UTC" });

function normalise(message: string): string {
  let text = correctTypos(
    message
      .slice(0, MAX_MESSAGE)
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      // "4 p.m." and "4 p.m" are 4pm: the dots are not sentence ends and "p" is no court.
      .replace(/\b([ap])\.\s?m\b\.?/g, "$1m"),
  );
  for (const [typo, fix] of TYPOS) text = typeof fix === "string" ? text.replace(typo, fix) : text.replace(typo, fix);
  return text;
}

/**
 * Reads one message. `now` is today as the prompt gave it (null: relative days cannot be resolved),
 * `courts` the courts the prompt listed, `dayFirst` how the prompt says numeric dates are written.
 */
export function understand(message: string, now: DateTime | null, courts?: Set<string>, dayFirst = true): Utterance {
  const slotIds = [...message.slice(0, MAX_MESSAGE).matchAll(SLOT_ID_PATTERN)];
  const text = normalise(message.slice(0, MAX_MESSAGE).replace(SLOT_ID_PATTERN, " "));
  const trimmed = text.trim();
  const greeting = GREETING.exec(trimmed);
  const said = greeting ? trimmed.slice(greeting[0].length) : trimmed;
  let body = withoutCorrected(said);

  const out: Utterance = {
    preferences: [],
    many: MANY.test(body),
    items: [],
    confirms: CONFIRM.test(body.trim()) || CONFIRM.test(trimmed),
    wants: WANTS.test(body),
    declines: DECLINE.test(trimmed),
    asks: /\?\s*$|^(?:what|which|is|are|do|does|can|could|how|when|any)\b|\b(?:what|how) about\b/.test(trimmed),
    topics: [],
    notes: [],
    corrects: body !== said || CORRECTION.test(said),
    anyCourt: ANY_COURT.test(said),
    nth: nthOf(said),
    shift: /\b(?:earlier|sooner)\b/.test(said) ? "earlier" : /\blater\b(?! (?:today|on|this))/.test(said) ? "later" : undefined,
  };
  if (isForeign(text)) return { ...out, intent: "foreign", confirms: false, declines: false };
  const asked = body.replace(HELD_BACK, " . ");
  out.intent = INTENT_RULES.find(([, rule]) => rule.test(asked))?.[0];
  if ((asked !== body && !out.intent) || (out.intent === "book" && HESITANT.test(body))) out.intent = "check";

  const slot = slotIds[0];
  if (slot) Object.assign(out, { slotId: slot[0], date: slot[1], court: slot[2], time: `${slot[3]}:${slot[4]}` });

  // An id-like token (letters and digits, 8 or more) names a booking by its id.
  out.bookingRef = /\b(?=[a-z0-9_-]*\d)(?=[a-z0-9_-]*[a-z])[a-z0-9_-]{8,64}\b/.exec(
    message.slice(0, MAX_MESSAGE).replace(SLOT_ID_PATTERN, " ").toLowerCase(),
  )?.[0];
  if (out.bookingRef) body = body.replace(out.bookingRef, blank(out.bookingRef));
  const dates = readDates(body, now, out, dayFirst);
  readTimes(body, out, dates);
  readCourt(body, out, courts);
  doubts(body, out, dates);
  out.unknown = unknownWord(message, body);
  for (const [pref, rule] of PREFERENCES) if (rule.test(body)) out.preferences.push(pref);
  readTopics(body, out);

  const saysNothing =
    !out.date &&
    !out.time &&
    !out.range &&
    !out.court &&
    !out.slotId &&
    !out.vagueDate &&
    !out.needsToday &&
    !out.hourOnly &&
    !out.namedCourt;
  // A question about the club (hours, surfaces, limits) that names no day, hour or court.
  // "is court D indoor?", "when do you open on saturday?": a question about a court or the hours, not a request for a slot.
  const aboutClub =
    (!out.date && !out.time && !out.court && !out.range) ||
    (out.asks &&
      !out.time &&
      !out.range &&
      (out.topics.includes("horizon") || out.topics.includes("hours") || (!out.date && out.court !== undefined)));
  if (out.topics.length && (!out.intent || out.intent === "check" || out.intent === "book") && aboutClub) out.intent = "club";
  if (SMALLTALK_ONLY.test(trimmed)) Object.assign(out, { intent: "smalltalk", confirms: false });
  else if (greeting && saysNothing && !out.intent && !out.confirms && !out.declines) out.intent = "smalltalk";
  // "sat 10am court B pls": a day, an hour and a please, no question, is a booking.
  if (
    (!out.intent || out.intent === "check") &&
    asked === body &&
    !HESITANT.test(body) &&
    out.date &&
    out.time &&
    !out.asks &&
    /\bplease\b/.test(body) &&
    !/\b(?:free|available|open)\b/.test(body)
  )
    out.intent = "book";
  if (
    !out.intent &&
    saysNothing &&
    !out.confirms &&
    !out.declines &&
    !out.preferences.length &&
    out.nth === undefined &&
    !out.anyCourt &&
    !out.shift &&
    trimmed.length > 0
  )
    out.intent = "offtopic";
  return out;
}

// --- Corrections and doubts ----------------------------------------------------------------------

const TIME_WORDS = /\b\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|o'clock)?(?![\d/])|\b(?:noon|midday)\b/g;
const COURT_WORDS = /\bcourts?\s+(?:[a-z]|\d{1,2})\b|\b(?:clay|indoor|outdoor)(?:\s+(?:one|court))?\b/g;
const DAY_WORDS =
  /\b(?:today|tomorrow|tonight|(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?:day)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the \d{1,2}(?:st|nd|rd|th))\b/g;
/** Words that take back what came just before them ("at 5 — hang on, 6", "court b, no sorry, c"). */
const CORRECTION_MARK =
  /(?:^|[\s,.;:!—–-])(?:hang on|no wait|wait|sorry|i mean|or rather|rather|actually|make (?:that|it)|scratch that|correction|no)\b[\s,.;:!—–-]*/g;
/** A message that changes what is on the table ("make it 4 instead", "switch that to court d", "actually friday"). */
const CORRECTION =
  /^(?:(?:no|sorry|oops|wait|hang on|actually|oh)\b[\s,.!]*)*(?:make (?:it|that)|(?:change|switch|move) (?:it |that |the booking |my booking )?to|(?:change|switch|move) (?:it|that))\b|\binstead\b|^actually\b/;
const blank = (m: string) => " ".repeat(m.length);

/**
 * The message as it stands after its own corrections: what a member takes back ("friday not
 * thursday", "at 5, hang on, 6") is blanked out, so only the final word on each detail is read.
 */
function withoutCorrected(text: string): string {
  let out = text.replace(
    new RegExp(
      `\\b(?:not|instead of|rather than)\\s+(?:on\\s+|at\\s+)?(?:${DAY_WORDS.source}|${COURT_WORDS.source}|${TIME_WORDS.source})`,
      "g",
    ),
    blank,
  );
  const marks = [...out.matchAll(CORRECTION_MARK)];
  for (const mark of marks.reverse()) {
    const cut = mark.index + mark[0].length;
    const before = out.slice(0, mark.index);
    const after = out.slice(cut);
    if (!before.trim()) continue;
    let kept = before;
    for (const kind of [TIME_WORDS, COURT_WORDS, DAY_WORDS])
      if (new RegExp(kind.source).test(after)) kept = kept.replace(new RegExp(kind.source, "g"), blank);
    // "at 5, hang on, 6": the number that replaces an hour is an hour too.
    const hourTaken = new RegExp(TIME_WORDS.source).test(before) && !new RegExp(TIME_WORDS.source).test(kept);
    out = kept + out.slice(mark.index, cut) + (hourTaken ? after.replace(/^(\s*)(\d{1,2})\b(?![:./]\d)/, "$1at $2") : after);
  }
  return out;
}

/**
 * The first word of the message the model does not know. A capitalised word inside a sentence is a
 * name ("with Tom") and known; ids, numbers and slot ids were read before.
 */
function unknownWord(message: string, body: string): string | undefined {
  const names = new Set([...message.slice(0, MAX_MESSAGE).matchAll(/(?<=[a-z,]\s+)[A-Z][a-z]+\b/g)].map((m) => m[0].toLowerCase()));
  return body.match(/[a-z][a-z']*/g)?.find((w) => !knowsWord(w) && !names.has(w));
}

/** Details that contradict each other leave the request in doubt: the model asks rather than pick one. */
function doubts(body: string, out: Utterance, dates: Mention[]): void {
  const courts = [...new Set([...body.matchAll(/\bcourts?\s+([a-d])\b/g)].map((m) => m[1].toUpperCase()))];
  const joined = /\b(?:and|&|both|also|plus|then)\b|,/.test(body);
  if (courts.length > 1 && !joined) out.unsure = `Which court would you like: ${courts.map((c) => `Court ${c}`).join(" or ")}?`;
  else if (courts.length > 1 && out.items.length < 2 && out.intent === "book" && !out.many)
    out.unsure = `Which court should I book: ${courts.map((c) => `Court ${c}`).join(" or ")}? I book one court at a time.`;
  if (dates.length > 1 && !joined && out.items.length > 1) {
    out.items = [];
    out.unsure = `Which day do you mean: ${dates.map((d) => DateTime.fromISO(d.value).setLocale("en").toFormat("cccc d LLLL")).join(" or ")}?`;
  }
}

function isForeign(text: string): boolean {
  if (/[\u0400-\u04ff\u0600-\u06ff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]/.test(text)) return true;
  const foreign = text.match(FOREIGN_WORDS)?.length ?? 0;
  const english = text.match(ENGLISH_WORDS)?.length ?? 0;
  return foreign > 0 && foreign >= english;
}

// --- Dates ----------------------------------------------------------------------------------------

type Mention = { at: number; value: string };

function readDates(body: string, now: DateTime | null, out: Utterance, dayFirst: boolean): Mention[] {
  const ref = now ?? NO_DATE_REFERENCE;
  const dates: Mention[] = [];
  const spelled = relativeDays(body, ref, out);
  if (now) dates.push(...spelled.found);
  else if (spelled.found.length) out.needsToday ??= spelled.said;
  // chrono runs a part of the day into the day ("evening on friday"); the day alone is what it reads well.
  const days = numericDays(spelled.rest, now, dates, dayFirst)
    .replace(/\b(?:this (?:morning|afternoon|evening)|tonight)\b/g, "today")
    .replace(/\b(?:in the |early |late )?(?:morning|afternoon|evening|night)\b/g, " ")
    .replace(/\b(?:at|@)?\s*\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)(?![a-z])/g, " ");
  const results = parser.parse(days, new Date(ref.year, ref.month - 1, ref.day, ref.hour, ref.minute), { forwardDate: true });
  for (const result of results) {
    const c = result.start;
    const said = result.text.trim();
    if (/\bweekend\b/.test(said) || (/\bweek\b/.test(said) && !c.isCertain("weekday"))) {
      out.vagueDate ??= said;
      continue;
    }
    const saysDay =
      (c.isCertain("day") || c.isCertain("weekday") || /\b(?:today|now)\b/.test(said)) &&
      /\d|\b(?:today|tomorrow|yesterday|now|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/.test(said);
    if (!saysDay) continue;
    const explicitYear = c.isCertain("year") && /\b\d{4}\b/.test(said);
    if (!now && !explicitYear) {
      out.needsToday ??= said.replace(/\s*(?:at\s+)?\d.*$/, "") || said;
      continue;
    }
    // chrono moves "the 1st of december at 5" to next year when 05:00 today has passed; the day itself is today.
    const thisYear = `${ref.year}-${pad(c.get("month")!)}-${pad(c.get("day")!)}`;
    const value =
      !c.isCertain("year") && thisYear >= ref.toISODate()! ? thisYear : `${c.get("year")}-${pad(c.get("month")!)}-${pad(c.get("day")!)}`;
    if (!dates.some((d) => d.value === value)) dates.push({ at: result.index, value });
  }
  dates.sort((a, b) => a.at - b.at);
  if (dates.length) out.date ??= dates[0].value;
  return dates;
}

const WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const WEEKDAY = "(mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?:day)?";
const weekdayOf = (word: string) => WEEKDAY_NAMES.findIndex((d) => d.startsWith(word.slice(0, 3))) + 1;
const iso = (d: DateTime) => d.toISODate()!;
/** The first `weekday` (1 = Monday) from `ref` on; today counts when `today` is true. */
function upcoming(ref: DateTime, weekday: number, today: boolean): DateTime {
  const ahead = (weekday - ref.weekday + 7) % 7;
  return ref.plus({ days: ahead === 0 && !today ? 7 : ahead });
}
const count = (word: string) =>
  /^\d+$/.test(word) ? Number(word) : word === "a" || word === "one" ? 1 : word === "a couple of" ? 2 : (WORD_NUMBERS[word] ?? NaN);
const HOLIDAYS: [RegExp, number, number][] = [
  [/\bchristmas eve\b/, 12, 24],
  [/\b(?:christmas(?: day)?|xmas(?: day)?)\b/, 12, 25],
  [/\bboxing day\b/, 12, 26],
  [/\bnew year'?s eve\b/, 12, 31],
  [/\bnew year'?s(?: day)?\b/, 1, 1],
];

/**
 * Days said relative to today in ways chrono does not read ("in three days", "a week tomorrow",
 * "saturday week", "tuesday next week", "this friday", named days of the season), read and blanked
 * out so the rest of the message is read as usual. "next friday" is chrono's (the one in the next
 * week) but said back, since people mean either.
 */
function relativeDays(body: string, ref: DateTime, out: Utterance): { rest: string; found: Mention[]; said: string } {
  const found: Mention[] = [];
  let said = "";
  const start = ref.startOf("day");
  const rules: [RegExp, (m: RegExpExecArray) => DateTime | null][] = [
    [/\b(?:the )?day after tomorrow\b/, () => start.plus({ days: 2 })],
    [
      /\bin (a couple of|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|\d{1,2}) days?(?:'? time)?\b|\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten) days (?:from now|from today)\b/,
      (m) => {
        const n = count(m[1] ?? m[2]);
        return Number.isFinite(n) ? start.plus({ days: n }) : null;
      },
    ],
    [/\bin (a|one|two) weeks?(?:'? time)?\b/, (m) => start.plus({ weeks: count(m[1]) })],
    [/\bin a fortnight(?:'?s time)?\b/, () => start.plus({ days: 14 })],
    [
      new RegExp(`\\b(a week|one week|a fortnight)(?: from| on)? (tomorrow|today|${WEEKDAY})\\b`),
      (m) => {
        const base = m[2] === "tomorrow" ? start.plus({ days: 1 }) : m[2] === "today" ? start : upcoming(start, weekdayOf(m[2]), false);
        return base.plus({ days: m[1].includes("fortnight") ? 14 : 7 });
      },
    ],
    [new RegExp(`\\b${WEEKDAY} week\\b`), (m) => upcoming(start, weekdayOf(m[1]), false).plus({ days: 7 })],
    [
      new RegExp(`\\b(?:on )?${WEEKDAY} (?:of )?next week\\b|\\bnext week(?: on)? ${WEEKDAY}\\b`),
      (m) => {
        const monday = start.plus({ days: 8 - start.weekday });
        return monday.plus({ days: weekdayOf(m[1] ?? m[2]) - 1 });
      },
    ],
    [new RegExp(`\\bthis (?:coming )?${WEEKDAY}\\b`), (m) => upcoming(start, weekdayOf(m[1]), true)],
    [
      new RegExp(`\\bnext ${WEEKDAY}\\b`),
      (m) => {
        const sooner = upcoming(start, weekdayOf(m[1]), false);
        const nextWeek = start.plus({ days: 8 - start.weekday }).plus({ days: weekdayOf(m[1]) - 1 });
        if (sooner.weekNumber === start.weekNumber && sooner.toISODate() !== nextWeek.toISODate())
          out.notes.push(
            `I took "next ${WEEKDAY_NAMES[weekdayOf(m[1]) - 1]}" to mean ${nextWeek.setLocale("en").toFormat("cccc d LLLL")}.`,
          );
        return nextWeek;
      },
    ],
    ...HOLIDAYS.map(([rule, month, day]): [RegExp, () => DateTime] => [
      rule,
      () => {
        const thisYear = start.set({ month, day });
        return thisYear < start ? thisYear.plus({ years: 1 }) : thisYear;
      },
    ]),
  ];
  let rest = body;
  for (const [rule, read] of rules) {
    const m = rule.exec(rest);
    if (!m) continue;
    const date = read(m);
    if (!date?.isValid) continue;
    found.push({ at: m.index, value: iso(date) });
    said ||= m[0];
    rest = rest.slice(0, m.index) + blank(m[0]) + rest.slice(m.index + m[0].length);
  }
  return { rest, found, said };
}

/** "4/12", "4/12/2026": numeric dates in the order the prompt says the club writes them; the next such day when no year is given. */
function numericDays(body: string, now: DateTime | null, dates: Mention[], dayFirst: boolean): string {
  const ref = now ?? NO_DATE_REFERENCE;
  return body.replace(/\b(\d{1,2})\/(\d{1,2})(?:\/(\d{2}|\d{4}))?\b/g, (m, a: string, b: string, y: string | undefined, at: number) => {
    const [day, month] = dayFirst ? [Number(a), Number(b)] : [Number(b), Number(a)];
    const year = y ? Number(y.length === 2 ? `20${y}` : y) : ref.year;
    let date = DateTime.fromObject({ year, month, day }, { zone: "UTC" });
    if (!date.isValid) return m;
    // Without today's date a day without its year cannot be placed: it is noticed, not read.
    if (!now && !y) return blank(m);
    if (!y && date < ref.startOf("day")) date = date.plus({ years: 1 });
    if (!dates.some((d) => d.value === iso(date))) dates.push({ at, value: iso(date) });
    return blank(m);
  });
}

// --- Times ----------------------------------------------------------------------------------------

const PART_AFTER =
  /^\s*(?:o'?clock\s*)?(?:(?:today|tomorrow|tonight|on \w+|\w+day)\s+)?(?:in the |this |at |on \w+ )?(morning|afternoon|evening|night|tonight)\b/;
const PARTS: Record<string, [number, number, string]> = {
  "early morning": [0, 8, "early in the morning"],
  "late morning": [10, 11, "late in the morning"],
  morning: [0, 11, "in the morning"],
  lunchtime: [12, 13, "around lunchtime"],
  lunch: [12, 13, "around lunchtime"],
  "early afternoon": [12, 14, "early in the afternoon"],
  "late afternoon": [15, 16, "late in the afternoon"],
  afternoon: [12, 16, "in the afternoon"],
  "after work": [17, 19, "after work"],
  "early evening": [17, 18, "early in the evening"],
  "late evening": [20, 23, "late in the evening"],
  evening: [17, 23, "in the evening"],
  tonight: [17, 23, "tonight"],
  night: [18, 23, "at night"],
};
const PART_WORDS =
  /\b(early morning|late morning|early afternoon|late afternoon|early evening|late evening|after work|lunchtime|lunch|morning|afternoon|evening|tonight|night)\b/;

type Clock = { hour: number; minute: number; meridiem?: "am" | "pm"; at: number; end: number; lead?: string };

function readTimes(body: string, out: Utterance, dates: Mention[]): void {
  if (out.time) return;
  // Numbers that are not times: dates, counts, durations, court numbers.
  let text = body
    .replace(/\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/g, (m) => " ".repeat(m.length))
    .replace(DAY_NUMBERS, (m) => " ".repeat(m.length))
    .replace(
      /(?<![:.]\d*)\b(?:in |for )?\d+\s*(?:days?|weeks?|courts?(?!\s+[a-z]\b)|people|players|persons|of us|slots?|bookings?|minutes?|mins?|hours?)\b(?!\s*(?:am|pm))/g,
      (m) => " ".repeat(m.length),
    )
    .replace(/\bcourts?\s+(?:no\.?\s*|number\s*)?\d+\b/g, (m) => " ".repeat(m.length))
    .replace(/\b(noon|midday)\b/g, "12:00pm")
    .replace(/\bmidnight\b/g, "at 0:00")
    // "what about 11?" proposes 11, not a time around it.
    .replace(/\b(what|how) about\b/g, "$1 at")
    .replace(/\bhalf past (\d{1,2}|\w+)\b/g, (_, h) => `${WORD_NUMBERS[h] ?? h}:30`)
    // British "half 6" is half past six.
    .replace(
      /\bhalf (\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b(?!\s*(?:hours?|an? hour))/g,
      (_, h) => `at ${WORD_NUMBERS[h] ?? h}:30`,
    )
    .replace(/\bquarter past (\d{1,2}|\w+)\b/g, (_, h) => `${WORD_NUMBERS[h] ?? h}:15`)
    .replace(/\bquarter to (\d{1,2}|\w+)\b/g, (_, h) => `${Number(WORD_NUMBERS[h] ?? h) - 1}:45`)
    .replace(
      /\b(at|from|to|until|till|after|before|around|about|between|and) (one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/g,
      (_, p, w) => `${p} ${WORD_NUMBERS[w]}`,
    );
  text = text
    .replace(/\b(at|@|from|to|until|till|by)\s*([01]\d|2[0-3])([0-5]\d)\b/g, "$1 $2:$3")
    .replace(/\b([01]\d|2[0-3])([0-5]\d)\s*(?:h|hrs|hours)\b/g, "$1:$2");

  const clocks: Clock[] = [];
  const NUMBER =
    /(?:\b(at|@|from|after|before|around|about|by|until|till|til|between|and|to|or|starting|start|ca|-|–)\s*)?\b(\d{1,2})(?:[:.h](\d{2}))?(?:\s*(a\.?m\.?|p\.?m\.?|h|o'?clock|ish)(?![a-z]))?/g;
  // A short answer that ends in a number ("ok book 7", "the one at 8 then") names an hour.
  const bare =
    /^(?:[a-z',]+\s+){0,4}(?:at\s*|@\s*)?(\d{1,2})(?::(\d{2}))?\s*(am|pm)?(?:\s+(?:please|then|works|is fine|thanks|ok|one|instead|now|rather|pm|am))*[.!?]*$/.test(
      text.trim(),
    );
  for (const m of text.matchAll(NUMBER)) {
    const [, lead, h, min, suffix] = m;
    const hour = Number(h);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 40);
    const part = PART_AFTER.exec(after)?.[1];
    const isTime =
      min !== undefined ||
      (suffix !== undefined && suffix !== "ish") ||
      suffix === "ish" ||
      lead !== undefined ||
      part !== undefined ||
      bare;
    if (!isTime || hour > 23 || Number(min ?? 0) > 59) continue;
    // "09:00", "0900": a zero before the hour is the 24-hour clock, so it is the morning.
    const meridiem =
      /^a/.test(suffix ?? "") || (/^0\d$/.test(h) && !/^p/.test(suffix ?? ""))
        ? "am"
        : /^p/.test(suffix ?? "")
          ? "pm"
          : part === "morning"
            ? "am"
            : part
              ? "pm"
              : undefined;
    clocks.push({
      hour,
      minute: Number(min ?? 0),
      meridiem,
      at: m.index,
      end: m.index + m[0].length,
      lead: suffix === "ish" ? "around" : lead,
    });
  }

  const partWord = PART_WORDS.exec(text)?.[1];
  const dayPart = partWord ? (partWord.includes("morning") ? "am" : "pm") : undefined;
  const resolved = clocks.map((c) => ({ ...c, hour: to24(c, dayPart, out, clocks.length === 1) }));

  // Ranges: between X and Y, from X to Y, X-Y; after X; before X; around X.
  const range =
    /\b(?:between|from)\s*$/.test(text.slice(0, resolved[0]?.at ?? 0).slice(-10)) ||
    resolved[0]?.lead === "between" ||
    resolved[0]?.lead === "from";
  if (
    resolved.length >= 2 &&
    (range || ["and", "to", "-", "–", "until", "till", "til"].includes(resolved[1].lead ?? "")) &&
    (range || /^\s*(?:-|–|to|until|till)\s*$/.test(text.slice(resolved[0].end, resolved[1].at)))
  ) {
    let [a, b] = [resolved[0], resolved[1]];
    if (clocks[1].meridiem && !clocks[0].meridiem && a.hour < 12 && b.hour >= 12 && a.hour + 12 <= b.hour) a = { ...a, hour: a.hour + 12 };
    if (b.hour <= a.hour && b.hour < 12) b = { ...b, hour: b.hour + 12 };
    const to = Math.max(a.hour, b.hour - (b.minute ? 0 : 1));
    out.range = { from: hhmm(a.hour, 0), to: hhmm(to, 0), label: `between ${hhmm(a.hour, a.minute)} and ${hhmm(b.hour, b.minute)}` };
    out.notes = out.notes.filter((n) => !n.startsWith("I took"));
    return;
  }
  const first = resolved[0];
  if (first && first.lead === "after") {
    out.range = { from: hhmm(first.hour + (first.minute ? 1 : 0), 0), to: "23:00", label: `from ${hhmm(first.hour, first.minute)} on` };
    return;
  }
  if (first && (first.lead === "before" || first.lead === "by")) {
    out.range = { from: "00:00", to: hhmm(first.hour - (first.minute ? 0 : 1), 0), label: `before ${hhmm(first.hour, first.minute)}` };
    return;
  }
  if (first && (first.lead === "around" || first.lead === "about" || first.lead === "ca")) {
    out.range = {
      from: hhmm(Math.max(0, first.hour - 1), 0),
      to: hhmm(Math.min(23, first.hour + 1), 0),
      label: `around ${hhmm(first.hour, first.minute)}`,
      near: hhmm(first.hour, 0),
    };
    return;
  }
  if (first) {
    out.time = hhmm(first.hour, first.minute);
    const distinctTimes = [...new Set(resolved.map((c) => hhmm(c.hour, c.minute)))];
    // Two hours for one booking ("at 8pm at midday"): several requests only when joined ("at 6 and 7"), else a question.
    const joinedTimes = resolved.length > 1 && /\b(?:and|&|then|also|plus)\b|,/.test(text.slice(resolved[0].end, resolved[1].at));
    if (distinctTimes.length > 1 && !joinedTimes) {
      out.unsure = `Which time do you mean: ${distinctTimes.join(" or ")}?`;
      return;
    }
    if (distinctTimes.length > 1 || dates.length > 1) {
      out.items = resolved.map((c) => ({ date: dateFor(c.at, dates), time: hhmm(c.hour, c.minute) }));
      if (distinctTimes.length === 1 && dates.length > 1) out.items = dates.map((d) => ({ date: d.value, time: distinctTimes[0] }));
    }
    return;
  }
  if (partWord) {
    const two = /\b(early|late) (morning|afternoon|evening)\b/.exec(text)?.[0];
    const [from, to, label] = PARTS[two ?? partWord];
    out.range = { from: hhmm(from, 0), to: hhmm(to, 0), label };
  }
}

/** The 24-hour reading of a clock time: said am/pm, a part of the day said with it or in the message; else 1–6 is afternoon. */
function to24(c: Clock, dayPart: "am" | "pm" | undefined, out: Utterance, alone: boolean): number {
  const meridiem = c.meridiem ?? (c.hour <= 12 ? dayPart : undefined);
  if (meridiem === "pm") return c.hour < 12 ? c.hour + 12 : c.hour;
  if (meridiem === "am") return c.hour === 12 ? 0 : c.hour;
  if (c.hour >= 13 || c.hour === 0 || (c.minute && c.hour >= 10)) return c.hour;
  if (c.hour >= 1 && c.hour <= 6) {
    if (alone) out.notes.push(`I took "${c.hour}" to mean ${hhmm(c.hour + 12, c.minute)}.`);
    return c.hour + 12;
  }
  if (alone && c.hour >= 7 && c.hour <= 11) out.hourOnly = c.hour;
  return c.hour;
}

function dateFor(at: number, dates: Mention[]): string | undefined {
  const before = dates.filter((d) => d.at <= at).at(-1);
  return (before ?? dates[0])?.value;
}

// --- Courts and topics -----------------------------------------------------------------------------

/** Words that may stand before "court" without naming one ("a free court", "the indoor court"). */
const COURT_WORDS_BEFORE = new Set(
  (
    "a an the any one free tennis indoor outdoor clay hard grass carpet covered another same other different that this which what " +
    "whatever whichever either both all some my your our their his her its these those booked reserved empty open available spare " +
    "vacant random usual normal regular favourite favorite preferred nearest closest next proper decent good nice best better great " +
    "lovely quiet specific particular single second first last like have want need get book reserve take grab whether off on in at " +
    "for of to with and or but if is are was be please sure just only also still then even cheers thanks no each every"
  ).split(" "),
);

function readCourt(body: string, out: Utterance, courts?: Set<string>): void {
  if (out.court) return;
  // "the show court", "centre court": a court by a name the club does not use is named back, never swapped for another.
  const byName = /\b(?:the\s+)?([a-z]{3,})\s+court\b(?!\s+(?:[a-z]|\d{1,2}|no\.?\s*\d+|number\s*\d+)\b)/.exec(body);
  if (
    byName &&
    !COURT_WORDS_BEFORE.has(byName[1]) &&
    !/^(?:mon|tue|wed|thu|fri|sat|sun)/.test(byName[1]) &&
    !/day$|night$|morning$|noon$|evening$/.test(byName[1])
  ) {
    out.namedCourt = `${byName[1]} court`;
    return;
  }
  const named =
    /\bcourts?\s+(?:no\.?\s*|number\s*)?([a-z]|\d{1,2})\b/.exec(body) ??
    /^(?:(?:ok|yes|and)[, ]+)?(?:the\s+)?([a-z])(?:\s+(?:please|works|is fine|then|thanks|one))*[.!]?$/.exec(body.trim()) ??
    /\b([a-z])\s+court\b/.exec(body.replace(/\b(?:a|i)\s+court\b/g, " ")) ??
    /\b(?:book|take|want|get)\s+([a-z])(?=\s*(?:$|[,.!?]))/.exec(body) ??
    loneLetter(body, courts);
  if (!named) return;
  const id = named[1].toUpperCase();
  if (/^\d+$/.test(id) || (courts?.size && !courts.has(id))) out.namedCourt = /^\d+$/.test(id) ? `Court ${id}` : `Court ${id}`;
  else out.court = id;
}

/** "fri 18:00 D book": a lone letter beside times and request words, when the prompt lists such a court; two of them is a question, not a choice. */
function loneLetter(body: string, courts?: Set<string>): RegExpExecArray | null {
  if (!courts?.size) return null;
  const found = [
    ...body.matchAll(
      /(?:^|[\s,])([b-hj-z]|a(?=\s*(?:$|[,.!?]|\s+(?:please|book|at|on|for|tomorrow|today|tonight|then|(?:mon|tue|wed|thu|fri|sat|sun)\w*)\b)))(?=\s*(?:$|[,.!?]|\s+(?:please|book|at|on|for|tomorrow|today|tonight|then|(?:mon|tue|wed|thu|fri|sat|sun)\w*\b|\d)))/g,
    ),
  ];
  return found.length === 1 ? found[0] : null;
}

function readTopics(body: string, out: Utterance): void {
  if (
    /\b(?:which|what|are|is|do you have|how many|any|can i)\b[^.?!]{0,40}\b(?:indoors?|outdoors?|covered|roof|inside|under cover)\b|\bindoor courts?\?|\bif it rains\b|\b(?:rain|bad weather|weather is bad)\b[^.!]*\?/.test(
      body,
    )
  )
    out.topics.push("indoor");
  if (/\b(?:which|what|are|is|do you have|any)\b[^.?!]{0,40}\b(?:clay|hard|surfaces?|grass)\b/.test(body)) out.topics.push("surface");
  if (
    /\bhow many courts\b|\bwhat (?:kind of |sort of |type of )?courts\b|\b(?:tell me )?about (?:your|the(?: club's)?) courts\b|\bwhich courts (?:do you|does the club) have\b|\bcourts do you have\b/.test(
      body,
    )
  )
    out.topics.push("courts");
  if (
    /\bopening hours\b|\bwhen (?:are you|is the club|do you|does the club) (?:open|close)\b|\bwhat time do(?:es)? (?:you|the club) (?:open|close)\b|\b(?:first|last|earliest|latest) (?:slot|time|start) (?:of|in) the day\b|\bhow (?:early|late) can i (?:play|book)\b|\b(?:first|last|earliest|latest) (?:slot|time|start|booking|game|court)\b[^.!]*\?|\bhow long (?:is|are|does|do)\b[^.?!]{0,20}\b(?:slots?|bookings?|sessions?|games?|a court)\b|\b(?:slot|session|booking) (?:length|duration)\b|\bwhen (?:do you|does the club) (?:open|close|shut)\b|\bare you open\b|\bopen on sundays?\b|\bhours\?/.test(
      body,
    )
  )
    out.topics.push("hours");
  if (
    /\bhow (?:far|long|many days) (?:ahead|in advance)\b|\buntil when can i (?:book|reserve)\b|\bhow far (?:ahead|out)\b|\b(?:book|booking|reserve) (?:in advance|ahead)\b|\bhow far out\b|\b(?:weeks?|months?|days?) (?:ahead|in advance)\?/.test(
      body,
    )
  )
    out.topics.push("horizon");
  if (
    /\bhow many (?:bookings|courts|slots|times)\b[^.?!]{0,30}\b(?:can i|may i|am i allowed|per)\b|\blimits?\b|\bmaximum\b|\bmax(?:imum)? number\b|\bmax(?:imum)? (?:bookings|per)\b|\bhow often can i\b/.test(
      body,
    )
  )
    out.topics.push("limits");
}

export function hhmm(hour: number, minute: number): string {
  return `${pad(hour)}:${pad(minute)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
