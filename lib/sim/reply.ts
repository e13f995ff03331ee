import type { BookingRef, Outcome, SlotRef } from "./evidence";
import { chooseSlot, fitsCourt, problem, type Problem, type Request, type Situation } from "./judge";
import { addDays, courtWords, onDay, sayDay, type Knowledge } from "./knowledge";
import { SLOT_ID_PATTERN, hhmm } from "./understand";

/**
 * The model's words to the member: short, friendly, grounded in what the conversation holds. Ids
 * and ISO dates stay in tool calls; a person reads "tomorrow (Wed 2 Dec) at 19:00 on Court C".
 * Agents that report to another agent follow their instructions, which may ask for the slot ids.
 */
export function reply(s: Situation): string {
  const r = s.request;
  const k = s.k;
  const notes = r.notes.length ? `${r.notes.join(" ")} ` : "";
  // Asked to write up an outcome ("Member asked: 8 please. Outcome: {…booked…}"), the outcome is the news.
  if (s.booking && (r.intent === undefined || r.intent === "offtopic" || r.intent === "smalltalk"))
    return s.booking.kind === "booked" ? confirmation(s.booking, s) : explainFailure(s.booking, s);
  switch (r.intent) {
    case "smalltalk":
      return smalltalk(s.lastUser);
    case "foreign":
      return 'Sorry, this offline assistant understands English only. Could you write your request in English, e.g. "Book a court tomorrow at 6pm"?';
    case "offtopic":
      return "I can only help with the club's courts: what's free, booking one, your bookings and cancelling.";
    case "club":
      return clubAnswer(r, k);
    case "list":
      return s.report ?? listAnswer(s);
    case "cancel":
      return s.report ?? cancelAnswer(s);
  }
  if (r.declined) return "No problem, I haven't booked anything. Anything else I can check for you?";
  if (r.unsure && !s.booking) return notes + r.unsure;
  if (s.booking?.kind === "booked") return notes + confirmation(s.booking, s) + released(s) + rest(s);
  if (s.booking?.kind === "failed") return explainFailure(s.booking, s);
  if (s.checkFailed) return `I couldn't check the courts: ${sentence(s.checkFailed.message, k)} Could you try another date or time?`;
  const blocked = problem(r, k);
  if (blocked) return notes + explainProblem(blocked, s);
  if (!r.intent) return HELP;
  if (s.slots === null)
    return `${notes}You'd like a court ${when(r, k)}. I can't see the schedule from here right now; please try again in a moment.`;

  const choice = chooseSlot(s.slots, r, k);
  const at = when(r, k);
  if (k.answerWithIds)
    return choice.candidates.length
      ? `Free slots ${at}: ${slotIds(choice.candidates)}.`
      : `Nothing is free ${at}.${nearest(s.slots, r, k)}`;
  if (!choice.candidates.length) return `${notes}Sorry, nothing is free ${at}.${nearest(s.slots, r, k)}`;
  if (choice.courtTaken)
    return `${notes}Court ${choice.courtTaken} is taken ${at}. Free then: ${courtList(choice.candidates, k)}. Would one of those do?`;
  const missingFeature = r.preferences.find(
    (p) => p !== "earliest" && p !== "latest" && k.courts.size > 0 && ![...k.courts.keys()].some((c) => fitsCourt(p, k, c)),
  );
  if (missingFeature)
    return `${notes}The club has no ${missingFeature} court: ${[...k.courts.keys()]
      .sort()
      .map((c) => courtWords(k, c))
      .join("; ")}. Which would you like?`;
  if (r.intent === "book" && !choice.slot && (r.time || r.range))
    return `${notes}Nothing ${r.preferences.filter((p) => p !== "earliest" && p !== "latest").join(" and ")} is free ${at}. Free then: ${courtList(choice.candidates, k)}. Would one of those do?`;
  if (r.intent === "book" && choice.slot) {
    const sameTime = choice.candidates.filter((x) => x.time === choice.slot!.time);
    if (!r.court && !r.preferences.length && sameTime.length > 1 && r.time)
      return `${notes}Free ${at}: ${courtList(sameTime, k)}. Which court would you like?`;
    return `${notes}${r.unknown ? `I didn't catch "${r.unknown}". ` : ""}${courtWords(k, choice.slot.court)} is free ${onDay(choice.slot.date, k.now)} at ${choice.slot.time}. Shall I book it?`;
  }
  if (r.intent === "book") return `${notes}What time would you like ${onDay(r.date!, k.now)}? ${freeTimes(choice.candidates, k)}`;
  const named = r.court ? choice.candidates.find((x) => x.court === r.court) : undefined;
  if (named && r.time)
    return `${notes}${courtWords(k, named.court)} is free ${onDay(named.date, k.now)} at ${named.time}. Shall I book it?`;
  if (r.time) return `${notes}Free ${at}: ${courtList(choice.candidates, k)}. Would you like me to book one?`;
  return `${notes}${freeTimes(choice.candidates, k)} Would you like me to book one of them?`;
}

const HELP = 'I can check which courts are free, book one, show your bookings or cancel one. Try "Is a court free tomorrow at 3pm?"';

function smalltalk(text: string): string {
  const t = text.toLowerCase();
  if (/\b(thanks|thank|thx|cheers|ty)\b/.test(t)) return "You're welcome! Enjoy your game.";
  if (/\b(bye|goodbye|see you|see ya|good night|have a (nice|good))\b/.test(t)) return "Bye, have a good game!";
  if (/\bhow are you|how's it going\b/.test(t)) return "I'm well, thanks! Shall I check a court for you?";
  if (/\b(who are you|what can you do|what do you do|help)\b/.test(t)) return `I'm the club's booking assistant. ${HELP}`;
  if (/\b(nice|cool|great|awesome|lol|haha|best)\b/.test(t)) return "Glad to hear it! Anything else?";
  return "Hi! Would you like me to check or book a court?";
}

function clubAnswer(r: Request, k: Knowledge): string {
  const courts = [...k.courts.values()].sort((a, b) => a.id.localeCompare(b.id));
  const names = (ids: string[]) => joinWords(ids.map((id) => `Court ${id}`));
  const parts: string[] = [];
  for (const topic of r.topics) {
    if (topic === "indoor") {
      const indoor = courts.filter((c) => c.indoor === true).map((c) => c.id);
      const outdoor = courts.filter((c) => c.indoor === false).map((c) => c.id);
      parts.push(
        indoor.length || outdoor.length
          ? `${indoor.length ? `${names(indoor)} ${indoor.length > 1 ? "are" : "is"} indoor` : "No court is indoor"}${outdoor.length ? `; ${names(outdoor)} ${outdoor.length > 1 ? "are" : "is"} outdoor` : ""}.`
          : "I don't know which courts are indoor.",
      );
    } else if (topic === "surface") {
      const bySurface = new Map<string, string[]>();
      for (const c of courts) if (c.surface) bySurface.set(c.surface, [...(bySurface.get(c.surface) ?? []), c.id]);
      parts.push(
        bySurface.size
          ? `${[...bySurface].map(([surface, ids]) => `${names(ids)}: ${surface}`).join("; ")}.`
          : "I don't know the courts' surfaces.",
      );
    } else if (topic === "courts") {
      parts.push(
        courts.length
          ? `The club has ${courts.length} courts: ${courts.map((c) => courtWords(k, c.id)).join("; ")}.`
          : "I don't know the club's courts.",
      );
    } else if (topic === "hours") {
      parts.push(
        k.firstHour !== undefined && k.lastHour !== undefined
          ? `Slots are one hour and start on the hour, the first at ${hhmm(k.firstHour, 0)} and the last at ${hhmm(k.lastHour, 0)}.`
          : "I don't know the opening hours.",
      );
    } else if (topic === "horizon") {
      parts.push(
        k.horizonDays !== undefined
          ? `You can book up to ${k.horizonDays} days ahead${k.now ? `, so until ${sayDay(addDays(k.now.toISODate()!, k.horizonDays), k.now)}` : ""}.`
          : "I don't know how far ahead you can book.",
      );
    } else if (topic === "limits") {
      parts.push(
        k.limits ? `${k.limits}` : "I wasn't told the booking limits; the booking system tells me when a booking would go over one.",
      );
    }
  }
  return parts.join(" ") || HELP;
}

function listAnswer(s: Situation): string {
  if (s.bookings === null)
    return s.can.list ? "I couldn't read your bookings just now. Please try again." : "I can't see your bookings from here.";
  if (!s.bookings.length) return "You have no upcoming bookings.";
  const shown = s.bookings.slice(0, 6).map((b) => describeBooking(b, s.k));
  return `You have ${s.bookings.length} upcoming booking${s.bookings.length > 1 ? "s" : ""}: ${shown.join("; ")}${s.bookings.length > 6 ? "; and more" : ""}.`;
}

function cancelAnswer(s: Situation): string {
  const r = s.request;
  if (s.cancelled?.kind === "cancelled") {
    const done = s.cancelled.booking ?? matching(s)[0];
    return `Cancelled: ${done ? describeBooking(done, s.k) : "your booking"}.`;
  }
  if (s.cancelled?.kind === "failed") return `I couldn't cancel it: ${sentence(s.cancelled.message, s.k)}`;
  if (!s.can.cancel) return "I can't cancel bookings from here.";
  if (s.bookings === null)
    return s.can.list
      ? "I couldn't read your bookings just now. Please try again."
      : "I can't see your bookings, so I can't tell which one to cancel.";
  if (!s.bookings.length) return "You have no upcoming bookings to cancel.";
  const found = matching(s);
  if (!found.length)
    return `You have no booking ${r.bookingRef ? `with the id ${r.bookingRef}` : when(r, s.k)}. Your bookings: ${s.bookings
      .slice(0, 6)
      .map((b) => describeBooking(b, s.k))
      .join("; ")}.`;
  return `Which one should I cancel? ${found
    .slice(0, 6)
    .map((b) => describeBooking(b, s.k))
    .join("; ")}.`;
}

/** The member's bookings that fit what they said (day, hour, court). */
export function matching(s: Situation): BookingRef[] {
  const r = s.request;
  return (s.bookings ?? []).filter(
    (b) =>
      (!r.bookingRef || b.booking_id.toLowerCase() === r.bookingRef) &&
      (!r.date || b.date === r.date) &&
      (!r.time || b.time === r.time) &&
      (!r.range || (b.time >= r.range.from && b.time <= r.range.to)) &&
      (!r.court || b.court === r.court),
  );
}

function describeBooking(b: SlotRef, k: Knowledge): string {
  return `${sayDay(b.date, k.now)} at ${b.time} on Court ${b.court}`;
}

function confirmation(b: Extract<Outcome, { kind: "booked" }>, s: Situation): string {
  const slot = b.slot ?? chooseSlot(s.slots ?? [], s.request, s.k).slot;
  if (!slot) return "Done! Your court is booked.";
  const c = s.k.courts.get(slot.court);
  const features = [c?.surface, c?.indoor === undefined ? undefined : c.indoor ? "indoor" : "outdoor"].filter(Boolean).join(", ");
  const id = s.k.answerWithBookingIds && b.bookingId ? ` Booking id ${b.bookingId}.` : "";
  return `Done! Court ${slot.court} is booked for you ${onDay(slot.date, s.k.now)} at ${slot.time}${features ? ` (${features})` : ""}.${id}`;
}

/** After a move: whether the booking it replaces was let go. */
function released(s: Situation): string {
  const old = s.request.replaces;
  if (!old) return "";
  const what = `${sayDay(old.date, s.k.now)} at ${old.time}${old.court ? ` on Court ${old.court}` : ""}`;
  if (s.cancelled?.kind === "cancelled") return ` I cancelled your earlier booking (${what}).`;
  if (s.report) return ` ${s.report}`;
  return ` Your earlier booking (${what}) is still yours: say "cancel it" if you no longer want it.`;
}

/** What was asked for but not booked this turn, said plainly. */
function rest(s: Situation): string {
  const r = s.request;
  if (r.items.length > 1) {
    const others = r.items.slice(1).map((i) => `${i.date ? sayDay(i.date, s.k.now) : ""}${i.time ? ` at ${i.time}` : ""}`.trim());
    return ` I haven't booked ${joinWords(others)} yet: I book one court at a time. Shall I book ${others.length > 1 ? "the next one" : "it"} too?`;
  }
  return r.many ? " I book one court per request." : "";
}

function explainFailure(f: Extract<Outcome, { kind: "failed" }>, s: Situation): string {
  const what = f.slot ? `Court ${f.slot.court} ${onDay(f.slot.date, s.k.now)} at ${f.slot.time}` : "that court";
  const others = (s.slots ?? []).filter((x) => x.slot_id !== f.slot?.slot_id && (!f.slot || x.date === f.slot.date));
  const sameTime = courtList(
    others.filter((x) => x.time === (f.slot?.time ?? s.request.time)),
    s.k,
  );
  const alternatives = /limit/.test(f.code ?? f.message)
    ? ""
    : sameTime
      ? ` Free at the same time: ${sameTime}.`
      : others.length
        ? ` ${freeTimes(others, s.k)}`
        : "";
  // The tool's hint on how slot ids look is for the model; the member hears that no such slot exists.
  // A colleague's apology (a specialist's report) gives its reason once; the apology around it is not repeated.
  const reason = f.message.match(APOLOGY)?.[1] ?? f.message;
  const why = f.code === "slot_not_found" ? "the club has no such court or slot." : sentence(reason, s.k);
  return `Sorry, I couldn't book ${what}: ${why}${alternatives}`;
}
const APOLOGY = /^Sorry, I couldn't .*?: (.*?\.)(?:\s|$)/;

function explainProblem(p: Problem, s: Situation): string {
  const r = s.request;
  const k = s.k;
  const today = k.now?.toISODate();
  switch (p) {
    case "no_such_court": {
      const ids = [...k.listed].sort();
      return ids.length
        ? `The club has no ${r.namedCourt}: its courts are ${joinWords(ids.map((id) => `Court ${id}`))}. Which one would you like?`
        : `I don't know a ${r.namedCourt}. Which court do you mean?`;
    }
    case "no_today":
      return `I don't know today's date, so I can't tell which day "${r.needsToday}" is. Which date do you mean (day and month)?`;
    case "vague_date":
      return `Which day ${r.vagueDate} do you mean? Tell me a day, like "Thursday" or "the 10th".`;
    case "no_date":
      return `Which day would you like to play${r.time ? ` at ${r.time}` : r.range ? ` ${r.range.label}` : ""}?`;
    case "past_date":
      return `${sayDay(r.date!, k.now)} is in the past. Which day from today on would you like?`;
    case "beyond_horizon":
      return `Courts can be booked at most ${k.horizonDays} days ahead, until ${sayDay(addDays(today!, k.horizonDays!), k.now)}. Would an earlier day work?`;
    case "not_on_the_hour": {
      const hour = Number(r.time!.slice(0, 2));
      const around = [hour, hour + 1]
        .filter((h) => (k.firstHour === undefined || h >= k.firstHour) && (k.lastHour === undefined || h <= k.lastHour))
        .map((h) => hhmm(h, 0));
      return `Slots start on the hour, so ${r.time} isn't possible.${around.length ? ` Would ${joinWords(around, "or")} suit you?` : ""}`;
    }
    case "outside_hours":
      return `The club's hours have slots starting from ${hhmm(k.firstHour!, 0)} to ${hhmm(k.lastHour!, 0)}, so ${r.time} isn't possible. Which time in those hours would you like?`;
    case "time_passed":
      return `${r.time} ${sayDay(r.date!, k.now)} is in the past. Would a later time work?`;
  }
}

/** What the model understood, said back as a question, when a word of the request escaped it. */
export function readBack(r: Request, k: Knowledge): string {
  return `I didn't catch "${r.unknown}". Did you mean ${r.court ? `Court ${r.court}` : "a court"} ${when(r, k)}?`;
}

function when(r: Request, k: Knowledge): string {
  const day = r.date ? onDay(r.date, k.now) : "";
  return [day, r.time ? `at ${r.time}` : r.range ? r.range.label : ""].filter(Boolean).join(" ");
}

function courtList(slots: SlotRef[], k: Knowledge): string {
  return joinWords([...new Set(slots.map((x) => x.court))].map((c) => courtWords(k, c).replace(/^(Court \w), (.*)$/, "$1 ($2)")));
}

const MAX_TIMES = 6;

function freeTimes(slots: SlotRef[], k: Knowledge): string {
  const byTime = new Map<string, string[]>();
  for (const x of slots) byTime.set(x.time, [...(byTime.get(x.time) ?? []), x.court]);
  const times = [...byTime]
    .slice(0, MAX_TIMES)
    .map(([time, courts]) => `${time} (Court${courts.length > 1 ? "s" : ""} ${courts.join(", ")})`);
  const more = byTime.size > MAX_TIMES ? ` and ${byTime.size - MAX_TIMES} more times` : "";
  return slots.length ? `Free ${onDay(slots[0].date, k.now)}: ${times.join(", ")}${more}.` : "";
}

/** The free times nearest to the one asked for, as alternatives. */
function nearest(slots: SlotRef[], r: Request, k: Knowledge): string {
  const target = r.time ?? r.range?.near ?? r.range?.from;
  const sameDay = slots.filter((x) => !r.date || x.date === r.date);
  if (!sameDay.length) return " Would another day suit you?";
  if (!target) return ` ${freeTimes(sameDay, k)}`;
  const hour = (t: string) => Number(t.slice(0, 2));
  const times = [...new Set(sameDay.map((x) => x.time))]
    .sort((a, b) => Math.abs(hour(a) - hour(target)) - Math.abs(hour(b) - hour(target)) || a.localeCompare(b))
    .slice(0, 3)
    .sort();
  return ` Nearest free times: ${joinWords(times)}. Would one of those suit you?`;
}

// A whole day on four courts, so a manager reading the list misses nothing.
const MAX_IDS = 64;

function slotIds(slots: SlotRef[]): string {
  const more = slots.length > MAX_IDS ? ` and ${slots.length - MAX_IDS} more` : "";
  return (
    slots
      .slice(0, MAX_IDS)
      .map((x) => x.slot_id)
      .join(", ") + more
  );
}

/** A tool's words, quoted for a person: dates as days, slot ids as courts and hours. */
function sentence(text: string, k?: Knowledge): string {
  const t = text
    .trim()
    .slice(0, 200)
    .replace(
      SLOT_ID_PATTERN,
      (_, date: string, court: string, h: string, m: string) => `Court ${court} ${sayDay(date, k?.now ?? null)} at ${h}:${m}`,
    )
    .replace(/\b\d{4}-\d{2}-\d{2}\b/g, (date) => sayDay(date, k?.now ?? null));
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function joinWords(words: string[], last = "and"): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} ${last} ${words.at(-1)}`;
}
