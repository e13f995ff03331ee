import { DateTime } from "luxon";

/**
 * What the model knows about the club, learnt only from what it reads: the prompt (system prompt,
 * agent instructions, prompt session attributes) and tool results. Nothing here comes from the
 * club's code; a prompt without a date leaves `now` unknown, and the model has to ask.
 */
type CourtFacts = { id: string; surface?: string; indoor?: boolean };

export type Knowledge = {
  /** Wall-clock "now" at the club as the prompt states it (kept in UTC as a plain wall clock). */
  now: DateTime | null;
  /** Courts by letter, with whatever features the prompt or the tools mentioned. */
  courts: Map<string, CourtFacts>;
  /** The courts the prompt lists: only a prompt can say a court does not exist (free-slot lists leave taken courts out). */
  listed: Set<string>;
  /** First and last start hour of a slot, when the prompt gives opening hours. */
  firstHour?: number;
  lastHour?: number;
  /** How many days ahead one may book, when the prompt says. */
  horizonDays?: number;
  /** The booking limits, in the prompt's own words, when it states them. */
  limits?: string;
  /** Numeric dates are day first (4/12 is 4 December) unless the prompt says the club writes the month first. */
  dayFirst: boolean;
  /** The instructions ask for slot ids in the answer (a specialist reporting to a manager, not a member). */
  answerWithIds: boolean;
  /** The instructions ask for booking ids in the answer, for the same reason. */
  answerWithBookingIds: boolean;
};

/** A prompt is read up to this many characters: the facts sit at its start, and the cost stays bounded. */
const MAX_PROMPT = 20_000;
const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

export function readKnowledge(prompt: string): Knowledge {
  const text = prompt.slice(0, MAX_PROMPT);
  const k: Knowledge = {
    now: readNow(text),
    courts: new Map(),
    listed: new Set(),
    dayFirst: !/\bmonth first\b/i.test(text),
    answerWithIds: false,
    answerWithBookingIds: false,
  };
  for (const m of text.matchAll(/\bCourt ([A-Z])\b(?:\s*\(([^()\n]{0,60})\))?/g)) learnCourt(k, m[1], m[2] ?? "");
  // "four courts (A, B, C clay, D indoor)"
  const listed = /\bcourts?\s*\(([A-Z](?:\s+[a-z]+)?(?:,\s*[A-Z](?:\s+[a-z]+)?)+)\)/.exec(text);
  if (listed) for (const part of listed[1].split(",")) learnCourt(k, part.trim()[0], part.trim().slice(1));
  k.listed = new Set(k.courts.keys());
  readHours(text, k);
  const horizon = /\b(\d{1,3}) days? ahead\b/i.exec(text);
  if (horizon) k.horizonDays = Number(horizon[1]);
  k.limits = /[^.\n]*\b(?:at most|up to|maximum of|no more than)\b[^.\n]*\bbookings?\b[^.\n]*\./i.exec(text)?.[0].trim();
  k.answerWithIds = /\bwith (?:their|its|the|a) slot_?ids?\b/i.test(text);
  k.answerWithBookingIds = /\bwith (?:their|its|the|a) booking_?ids?\b/i.test(text);
  return k;
}

function learnCourt(k: Knowledge, id: string, words: string): void {
  const known = k.courts.get(id) ?? { id };
  const surface = /\b(clay|hard|grass|carpet|artificial grass|acrylic)\b/i.exec(words)?.[1]?.toLowerCase();
  if (surface) known.surface = surface;
  if (/\bindoors?\b|\bcovered\b/i.test(words)) known.indoor = true;
  else if (/\boutdoors?\b/i.test(words)) known.indoor = false;
  k.courts.set(id, known);
}

/** Facts a tool result tells about a court: `{court: "Court C", surface: "clay", indoor: false}`. */
export function learnFromSlot(k: Knowledge, slot: Record<string, unknown>): void {
  const id = typeof slot.court === "string" ? /([A-Z])$/.exec(slot.court.trim())?.[1] : undefined;
  if (!id) return;
  const known = k.courts.get(id) ?? { id };
  if (typeof slot.surface === "string") known.surface = slot.surface.toLowerCase();
  if (typeof slot.indoor === "boolean") known.indoor = slot.indoor;
  k.courts.set(id, known);
}

function readNow(text: string): DateTime | null {
  const line = /\b(?:today(?:'s date)? is|today:|current date(?: is|:)?|the date is|date today(?: is|:)?)\s*([^\n]{0,120})/i.exec(
    text,
  )?.[1];
  if (!line) return null;
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(line);
  const named = /\b(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\s+(\d{4})\b/i.exec(line) ?? null;
  const named2 = /\b([a-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/i.exec(line);
  let date: { year: number; month: number; day: number } | null = null;
  if (iso) date = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  else if (named && MONTHS.includes(named[2].toLowerCase()))
    date = { year: Number(named[3]), month: MONTHS.indexOf(named[2].toLowerCase()) + 1, day: Number(named[1]) };
  else if (named2 && MONTHS.includes(named2[1].toLowerCase()))
    date = { year: Number(named2[3]), month: MONTHS.indexOf(named2[1].toLowerCase()) + 1, day: Number(named2[2]) };
  if (!date) return null;
  const clock = /\b(?:time is|time:|it is|now)\s*(\d{1,2}):(\d{2})\b/i.exec(text) ?? /\b(\d{1,2}):(\d{2})\b/.exec(line);
  const at = DateTime.fromObject({ ...date, hour: clock ? Number(clock[1]) : 0, minute: clock ? Number(clock[2]) : 0 }, { zone: "UTC" });
  return at.isValid ? at : null;
}

function readHours(text: string, k: Knowledge): void {
  const first = /\bfirst (?:at|start(?:s|ing)? at)\s*(\d{1,2})(?::00)?\b/i.exec(text);
  const last = /\blast (?:at|start(?:s|ing)? at|start)\s*(\d{1,2})(?::00)?\b/i.exec(text);
  if (first && last) {
    k.firstHour = Number(first[1]);
    k.lastHour = Number(last[1]);
    return;
  }
  const open = /\bopen(?:ing hours)?\s*(?:from\s*)?(\d{1,2})(?::00)?\s*(?:-|–|to|until)\s*(\d{1,2})(?::00)?\b/i.exec(text);
  if (open) {
    k.firstHour = Number(open[1]);
    k.lastHour = Number(open[2]) - 1;
    return;
  }
  const starts = /\bstart(?:ing)? on the hour from (\d{1,2}):00 to (\d{1,2}):00\b/i.exec(text);
  if (starts) {
    k.firstHour = Number(starts[1]);
    k.lastHour = Number(starts[2]);
  }
}

// --- Days, said the way people say them -----------------------------------------------------------

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: "UTC" }).plus({ days }).toISODate()!;
}

/** "tomorrow (Wed 2 Dec)", "today", "Friday 4 December" — relative to the prompt's today when known. */
export function sayDay(date: string, now: DateTime | null): string {
  const d = DateTime.fromISO(date, { zone: "UTC" }).setLocale("en");
  if (!d.isValid) return date;
  const today = now?.toISODate();
  if (date === today) return `today (${d.toFormat("ccc d LLL")})`;
  if (today && date === addDays(today, 1)) return `tomorrow (${d.toFormat("ccc d LLL")})`;
  return d.toFormat("cccc d LLLL");
}

/** "on Friday 4 December", "tomorrow (Wed 2 Dec)". */
export function onDay(date: string, now: DateTime | null): string {
  const said = sayDay(date, now);
  return /^(today|tomorrow)/.test(said) ? said : `on ${said}`;
}

export function courtWords(k: Knowledge, id: string): string {
  const c = k.courts.get(id);
  const features = [c?.surface, c?.indoor === undefined ? undefined : c.indoor ? "indoor" : "outdoor"].filter(Boolean);
  return `Court ${id}${features.length ? `, ${features.join(", ")}` : ""}`;
}
