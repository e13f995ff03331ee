import * as chrono from "chrono-node";
import type { DateTime } from "luxon";
import { OPENING_HOUR } from "@/lib/domain/clock";
import type { CourtId } from "@/lib/domain/courts";

/** What the simulated model reads in one user message. Absent fields mean the message does not say. */
export type Intent = "check" | "book" | "cancel" | "smalltalk";
export type Preference = "indoor" | "outdoor" | "clay" | "hard" | "earliest" | "latest";
/** Start times from..to inclusive; `label` says it back ("in the evening"). */
export type TimeRange = { from: string; to: string; label: string };

export type Utterance = {
  intent?: Intent;
  date?: string;
  time?: string;
  range?: TimeRange;
  court?: CourtId;
  slotId?: string;
  preferences: Preference[];
  /** "book every court": more than one booking asked for in one go. */
  many: boolean;
  /** "yes", "6pm works", "I'll take it": agreement with what was offered. */
  confirms: boolean;
  /** A date too vague to act on ("next week"), said back as a question. */
  vagueDate?: string;
  /** Assumptions worth saying back ("at 3" taken as 15:00). */
  notes: string[];
};

export const SLOT_ID_PATTERN = /\b(\d{4}-\d{2}-\d{2})_Court([A-Z])_(\d{2})(\d{2})\b/g;

const PARTS_OF_DAY: Record<string, [number, number]> = { morning: [7, 11], afternoon: [12, 16], evening: [17, 21], tonight: [17, 21] };

// Common misspellings seen in chat; chrono and the keyword rules only need the canonical word.
const TYPOS: [RegExp, string][] = [
  [/\b(tomm?orr?ow|tomorow|tmr|2morrow|tomrrow|tommorow)\b/g, "tomorrow"],
  [/\btonite\b/g, "tonight"],
  [/\b(wensday|wedensday|wednsday|wendsday|wedsday)\b/g, "wednesday"],
  [/\bthursady|thrusday\b/g, "thursday"],
  [/\bsatu?rday|saterday\b/g, "saturday"],
  [/\bfirday|fridya\b/g, "friday"],
  [/\bavail\w*|availi\w*/g, "available"],
  [/\bresev\w*|reserv\w*/g, "reserve"],
  [/\bboo?o?k+\b/g, "book"],
  [/\bcort\b|\bcourtt\b/g, "court"],
];

const GREETING = /^(hi|hello|hey|heya|hiya|yo|good (morning|afternoon|evening)|thanks|thank you|thx|cheers|how are you|who are you|what can you do|help)\b[\s,!.?]*/;
const INTENT_RULES: [Intent, RegExp][] = [
  ["cancel", /\b(cancel\w*|call off|unbook|delete my booking|remove my booking)\b/],
  ["book", /\b(book|booking|reserve|grab|get me|i'?ll take|take it|take that|sign me up|lock (it )?in|secure)\b|\b(can i (get|have)|i('d like| would like| want| need))\b.{0,20}\bcourt\b/],
  ["check", /\b(available|availability|free|open|any (courts?|slots?|times?)|what (times|slots)|which courts?|check|is there|are there|can i play|vacant)\b/],
];
const CONFIRM = /^(yes|yeah|yep|yup|sure|ok(ay)?|please|go ahead|do it|sounds good|perfect|great)\b|\b(works|that one|i'?ll take)\b/;
const MANY = /\b(every|all( the)?) (courts?|slots?|hours?)\b|\ball of them\b|\bbook (them )?all\b|\b([2-9]|two|three|four|several|multiple) (courts|slots)\b/;
const PREFERENCES: [Preference, RegExp][] = [
  ["indoor", /\b(indoors?|inside|covered|roof)\b/],
  ["outdoor", /\b(outdoors?|outside|open[- ]air)\b/],
  ["clay", /\bclay\b/],
  ["hard", /\bhard( ?court)?\b/],
  ["earliest", /\b(earliest|first (available|free|slot)|as early as|asap|soonest)\b/],
  ["latest", /\b(latest|last (available|free|slot)|as late as)\b/],
];

const parser = chrono.casual.clone();
// chrono leaves "the 5th" alone; people mean the next 5th of a month.
parser.parsers.push({
  pattern: () => /\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+of\b)/i,
  extract: (context, match) => {
    const day = Number(match[1]);
    if (day < 1 || day > 31) return null;
    const ref = context.refDate;
    const sameMonth = day >= ref.getDate();
    const month = sameMonth ? ref.getMonth() : ref.getMonth() + 1;
    const at = new Date(ref.getFullYear(), month, day);
    return { day: at.getDate(), month: at.getMonth() + 1, year: at.getFullYear() };
  },
});

/**
 * A member's message is at most 4,000 characters; the model reads no more of one, since date
 * parsing costs more than linear time in what it is given.
 */
export const MAX_UNDERSTOOD_CHARS = 4000;

export function understand(message: string, now: DateTime): Utterance {
  const said = message.slice(0, MAX_UNDERSTOOD_CHARS);
  const slotIds = [...said.matchAll(SLOT_ID_PATTERN)];
  let text = said.replace(SLOT_ID_PATTERN, " ").toLowerCase();
  for (const [typo, fix] of TYPOS) text = text.replace(typo, fix);
  const greeting = GREETING.exec(text.trim());
  const body = greeting ? text.trim().slice(greeting[0].length) : text;

  const out: Utterance = { preferences: [], many: MANY.test(body), confirms: CONFIRM.test(body.trim()), notes: [] };
  out.intent = INTENT_RULES.find(([, rule]) => rule.test(body))?.[0];

  const slot = slotIds[0];
  if (slot) Object.assign(out, { slotId: slot[0], date: slot[1], court: slot[2] as CourtId, time: `${slot[3]}:${slot[4]}` });

  readWhen(body, now, out);
  out.court ??= courtIn(body);
  for (const [pref, rule] of PREFERENCES) if (rule.test(body)) out.preferences.push(pref);

  const saysNothing = !out.date && !out.time && !out.range && !out.court && !out.slotId && !out.vagueDate;
  if (greeting && saysNothing && !out.intent) out.intent = "smalltalk";
  return out;
}

function readWhen(body: string, now: DateTime, out: Utterance): void {
  // "at 1500" is a time (chrono would read a year); chrono knows "from 5 to 8pm" but not "between 5 and 8pm".
  const text = body.replace(/(\bat\s*|@\s*)([01]\d|2[0-3])([0-5]\d)\b/g, "at $2:$3").replace(/\bbetween\s+(\S+)\s+and\s+(\S+)/g, "from $1 to $2");
  const ref = new Date(now.year, now.month - 1, now.day, now.hour, now.minute);
  for (const result of parser.parse(text, ref, { forwardDate: true })) {
    const c = result.start;
    const saysDay = c.isCertain("day") || c.isCertain("weekday") || /\b(today|tonight|this (morning|afternoon|evening)|now)\b/.test(result.text);
    if (/\bweekend\b/.test(result.text) || (/\bweek\b/.test(result.text) && !c.isCertain("weekday"))) out.vagueDate ??= result.text.trim();
    else if (saysDay && !out.date) out.date = isoDate(c.get("year")!, c.get("month")!, c.get("day")!);
    const end = result.end;
    if (end?.isCertain("hour") && c.isCertain("hour") && !out.range) {
      out.range = { from: `${pad(c.get("hour")!)}:00`, to: `${pad(end.get("hour")!)}:00`, label: `between ${pad(c.get("hour")!)}:00 and ${pad(end.get("hour")!)}:00` };
    } else if (c.isCertain("hour") && !out.time) {
      let hour = c.get("hour")!;
      if (!c.isCertain("meridiem") && hour > 0 && hour < OPENING_HOUR) {
        hour += 12;
        out.notes.push(`I took "${result.text.trim()}" to mean ${pad(hour)}:${pad(c.get("minute") ?? 0)}.`);
      }
      out.time = `${pad(hour)}:${pad(c.get("minute") ?? 0)}`;
    }
  }
  // A bare number answers "what time?".
  const bare = /^(?:at\s*)?(\d{1,2})(?::(\d{2}))?[.!]?$/.exec(text.trim());
  if (!out.time && bare && Number(bare[1]) <= 23) {
    const hour = Number(bare[1]) < OPENING_HOUR ? Number(bare[1]) + 12 : Number(bare[1]);
    out.time = `${pad(hour)}:${bare[2] ?? "00"}`;
  }
  const part = /\b(morning|afternoon|evening|tonight)\b/.exec(text);
  if (part && !out.time && !out.range) {
    const [from, to] = PARTS_OF_DAY[part[1]];
    out.range = { from: `${pad(from)}:00`, to: `${pad(to)}:00`, label: `in the ${part[1] === "tonight" ? "evening" : part[1]}` };
  }
}

function courtIn(text: string): CourtId | undefined {
  const named = /\bcourts?\s+([a-d])\b/.exec(text) ?? /^(?:the\s+)?([a-d])(?:\s+(?:please|works|is fine|then|thanks))?[.!]?$/.exec(text.trim());
  return named ? (named[1].toUpperCase() as CourtId) : undefined;
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
