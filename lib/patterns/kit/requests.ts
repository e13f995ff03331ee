import { CLOSING_HOUR, HORIZON_DAYS, OPENING_HOUR } from "@/lib/domain/clock";
import { MAX_PER_DAY, MAX_UPCOMING } from "@/lib/domain/bookings";
import { COURTS } from "@/lib/domain/courts";
import type { Slot } from "@/lib/domain/slots";
import type { Extraction } from "./extract";
import { describeBooking, joinWords, listOptions } from "./replies";

/**
 * What the code-driven patterns (A, B, C) make of a parsed message beyond "book" and "check":
 * answers that need no schedule (a question about the club, small talk, another language),
 * requests code can tell are impossible (a court or surface the club lacks, a time not on the
 * hour), and which free slot fits a request. Never a slot the member did not ask for: when nothing
 * fits, code offers what is free and asks.
 */
export type Answer = { reply: string; why: string };
type TimeRange = { from: string; to: string };
type Wish = { court: string | null; preferences: string[]; time: string | null; range: TimeRange | null };

const hhmm = (hour: number) => `${String(hour).padStart(2, "0")}:00`;
const FIRST = hhmm(OPENING_HOUR);
const LAST = hhmm(CLOSING_HOUR - 1);
const courtWords = (c: (typeof COURTS)[number]) => `${c.name} (${c.surface}, ${c.indoor ? "indoor" : "outdoor"})`;

/** Answers that need no schedule; null when the message is about booking or checking. */
export function answerAside(r: Extraction, input: string): Answer | null {
  if (r.intent === "club") return { reply: clubAnswer(r.topics), why: "a question about the club: answer from its rules" };
  if (r.intent === "smalltalk") return { reply: smalltalk(input), why: "small talk: a short answer, nothing booked" };
  if (r.declined && (r.intent === "other" || r.intent === "check"))
    return { reply: "No problem, I haven't booked anything. Anything else I can check for you?", why: "declined: book nothing" };
  if (r.doubt && (r.intent === "book" || r.intent === "check" || r.intent === "cancel"))
    return { reply: r.doubt, why: "the model is unsure what was meant: ask, act on nothing" };
  if (r.intent === "foreign")
    return {
      reply: 'Sorry, I understand English only. Could you write your request in English, e.g. "Book a court tomorrow at 6pm"?',
      why: "not English: act on nothing",
    };
  return null;
}

function clubAnswer(topics: Extraction["topics"]): string {
  const named = (courts: readonly (typeof COURTS)[number][]) => joinWords(courts.map((c) => c.name));
  const parts = topics.map((topic) => {
    switch (topic) {
      case "indoor":
        return `${named(COURTS.filter((c) => c.indoor))} is indoor; ${named(COURTS.filter((c) => !c.indoor))} are outdoor.`;
      case "surface":
        return `${[...new Set(COURTS.map((c) => c.surface))].map((surface) => `${named(COURTS.filter((c) => c.surface === surface))}: ${surface}`).join("; ")}.`;
      case "courts":
        return `The club has ${COURTS.length} courts: ${COURTS.map(courtWords).join(", ")}.`;
      case "hours":
        return `Slots are one hour and start on the hour, the first at ${FIRST} and the last at ${LAST}.`;
      case "horizon":
        return `You can book up to ${HORIZON_DAYS} days ahead.`;
      case "limits":
        return `You can hold at most ${MAX_PER_DAY} bookings a day and ${MAX_UPCOMING} upcoming bookings in all.`;
    }
  });
  return (
    parts.join(" ") ||
    `The club has ${COURTS.length} courts: ${COURTS.map(courtWords).join(", ")}. Slots start on the hour from ${FIRST} to ${LAST}.`
  );
}

function smalltalk(input: string): string {
  const t = input.toLowerCase();
  if (/\b(?:thanks|thank|thx|cheers|ty)\b/.test(t)) return "You're welcome! Enjoy your game.";
  if (/\b(?:bye|goodbye|see you|see ya|good night|have a (?:nice|good|great))\b/.test(t)) return "Bye, have a good game!";
  if (/\bhow are you\b|\bhow's it going\b/.test(t)) return "I'm well, thanks! Shall I check a court for you?";
  if (/\b(?:who are you|what can you do|what do you do|help)\b/.test(t))
    return "I'm the club's booking assistant: I can check free courts, book one, show your bookings or cancel one.";
  if (/\b(?:nice|cool|great|awesome|best|lol|haha)\b/.test(t)) return "Glad to hear it! Anything else?";
  return "Hi! Would you like me to check or book a court?";
}

/** What the club cannot offer as asked, and the field to ask for again; null when the request is possible as far as code can tell. */
export function impossibility(r: Extraction): (Answer & { ask: "court" | "time" }) | null {
  const all = COURTS.map(courtWords).join(", ");
  if (r.unknown_court)
    return {
      reply: `The club has no ${r.unknown_court}: its courts are ${all}. Which one would you like?`,
      why: `no ${r.unknown_court}: say which courts exist`,
      ask: "court",
    };
  const lacking = r.preferences.find((p) => !COURTS.some((c) => fits(c, p)));
  if (lacking)
    return {
      reply: `The club has no ${lacking} court: its courts are ${all}. Which one would you like?`,
      why: `no ${lacking} court: say which courts exist`,
      ask: "court",
    };
  if (r.time && !r.time.endsWith(":00")) {
    const hour = Number(r.time.slice(0, 2));
    const around = [hour, hour + 1].filter((h) => h >= OPENING_HOUR && h < CLOSING_HOUR).map(hhmm);
    const where = r.court ? ` on Court ${r.court}` : "";
    return {
      reply: `Slots start on the hour, so ${r.time} isn't possible.${around.length ? ` Would ${around.join(" or ")}${where} suit you?` : ""}`,
      why: `${r.time} is not on the hour: offer the neighbours`,
      ask: "time",
    };
  }
  return null;
}

function fits(court: (typeof COURTS)[number], preference: string): boolean {
  if (preference === "indoor") return court.indoor;
  if (preference === "outdoor") return !court.indoor;
  if (preference === "earliest" || preference === "latest") return true;
  return court.surface === preference;
}

/** Free slots at the requested time, or within the requested range. */
export function inRange(free: Slot[], wish: Pick<Wish, "time" | "range">): Slot[] {
  if (wish.time) return free.filter((s) => s.time === wish.time);
  return wish.range ? free.filter((s) => s.time >= wish.range!.from && s.time <= wish.range!.to) : free;
}

/** Free slots on the named court that meet every stated surface or roof preference. */
export function fitting(free: Slot[], wish: Pick<Wish, "court" | "preferences">): Slot[] {
  return free.filter(
    (s) =>
      (!wish.court || s.court === `Court ${wish.court}`) &&
      wish.preferences.every((p) => {
        const court = COURTS.find((c) => c.name === s.court);
        return court !== undefined && fits(court, p);
      }),
  );
}

/**
 * The slot code books: among the fitting ones, the earliest (the latest when asked); around a time
 * (a range of up to three hours) the one nearest its middle. Null when nothing fits.
 */
export function bestSlot(free: Slot[], wish: Wish): Slot | null {
  const candidates = fitting(inRange(free, wish), wish);
  const hour = (t: string) => Number(t.slice(0, 2));
  const middle = wish.range && hour(wish.range.to) - hour(wish.range.from) <= 2 ? (hour(wish.range.from) + hour(wish.range.to)) / 2 : null;
  const ordered = [...candidates].sort(
    (a, b) =>
      (middle === null ? 0 : Math.abs(hour(a.time) - middle) - Math.abs(hour(b.time) - middle)) ||
      a.time.localeCompare(b.time) ||
      a.court.localeCompare(b.court),
  );
  return (wish.preferences.includes("latest") ? ordered.at(-1) : ordered[0]) ?? null;
}

/** "Free on Thursday 3 December: 18:00 (A, B), …", within the range (and on the court) asked for, with the nearest others when nothing there is free. */
export function freeReply(date: string, free: Slot[], wish: Pick<Wish, "time" | "range"> & { court?: string | null }): string {
  const within = inRange(free, wish);
  const onCourt = wish.court ? within.filter((s) => s.court === `Court ${wish.court}`) : within;
  if (wish.court && onCourt.length) return listOptions(date, onCourt, wish.time);
  if (wish.court && within.length) return `Court ${wish.court} is not free then. ${listOptions(date, within, wish.time)}`;
  if (within.length || !free.length) return listOptions(date, within, wish.time);
  const target = Number((wish.time ?? wish.range?.from ?? FIRST).slice(0, 2));
  const times = [...new Set(free.map((s) => s.time))]
    .sort((a, b) => Math.abs(Number(a.slice(0, 2)) - target) - Math.abs(Number(b.slice(0, 2)) - target))
    .slice(0, 3)
    .sort();
  return `${listOptions(date, [], wish.time)} Nearest free: ${joinWords(
    times.map(
      (t) =>
        `${t} (${free
          .filter((s) => s.time === t)
          .map((s) => s.court.replace("Court ", ""))
          .join(", ")})`,
    ),
  )}.`;
}

/** Nothing of the court or kind asked for is free then: said once, with what is free instead. */
export function unfitReply(date: string, free: Slot[], wish: Wish): string {
  const options = freeReply(date, free, wish);
  return wish.court ? options : `No ${wish.preferences.join(" ")} court is free then. ${options}`;
}

/** What the member also asked for in the same message and is not booked yet, said so they can confirm it next. */
export function notBookedYet(also: Extraction["also"], date: string): string {
  if (!also.length) return "";
  const next = also.map((a) => (a.time ? describeBooking({ date: a.date ?? date, time: a.time, court: "" }).replace(/ on $/, "") : ""));
  return ` I haven't booked ${joinWords(next.filter(Boolean))} yet: I book one court at a time. Shall I book ${also.length > 1 ? "the next one" : "it"} too?`;
}
