import { HORIZON_DAYS, addDays, describeDate } from "@/lib/domain/clock";
import { chooseSlot, problem, type Problem, type Situation } from "./judge";
import type { Outcome, SlotRef } from "./evidence";

/** The model's words to the member: short, friendly and grounded in what the conversation holds. */
export function reply(s: Situation): string {
  const r = s.request;
  const notes = r.notes.length ? `${r.notes.join(" ")} ` : "";
  if (r.intent === "smalltalk") return smalltalk(s.lastUser);
  if (r.intent === "cancel") return "I can check which courts are free and book one, but I can't cancel bookings from here. You can cancel one of yours under My bookings.";
  if (s.booking?.kind === "booked") return notes + confirmation(s.booking, s) + (r.many ? " I book one court per request, and members can hold at most 2 bookings a day." : "");
  if (s.booking?.kind === "failed") return explainFailure(s.booking, s);
  if (s.checkFailed) return `I couldn't check the courts: ${s.checkFailed.message} Could you try another date or time?`;
  const blocked = problem(r, s.now);
  if (blocked) return notes + explainProblem(blocked, s);
  if (!r.intent) return HELP;
  if (s.slots === null) return `${notes}You'd like a court ${when(r.date!, r.time, r.range?.label)}. I can't see the schedule from here right now; please try again in a moment.`;

  const choice = chooseSlot(s.slots, r);
  const at = when(r.date!, r.time, r.range?.label);
  if (!choice.candidates.length) return `${notes}Sorry, nothing is free ${at}.${nearby(s.slots, r.time)} Would another time or day suit you?`;
  if (r.intent === "book") {
    if (choice.slot) return `${notes}Court ${choice.slot.court} is free ${when(choice.slot.date, choice.slot.time)} (${choice.slot.slot_id}). Shall I book it?`;
    if (choice.courtTaken) return `${notes}Court ${choice.courtTaken} is taken ${at}. Free then: ${courtList(choice.candidates)}. Would one of those do?`;
    return `${notes}What time would you like ${when(r.date!)}? ${freeTimes(choice.candidates)}`;
  }
  if (r.court && !choice.candidates.some((x) => x.court === r.court)) return `${notes}Court ${r.court} is taken ${at}. Free then: ${courtList(choice.candidates)}. Would one of those do?`;
  // Another agent asking (a task in our own words) gets every slot id, so it can book one.
  if (AGENT_TASK.test(s.lastUser)) return `Free slots ${at}: ${slotIds(choice.candidates)}.`;
  return `${notes}${r.time ? `Free ${at}: ${courtList(choice.candidates)}.` : freeTimes(choice.candidates)} Would you like me to book one?`;
}

const AGENT_TASK = /^(check availability for|book slot)\b/i;
const MAX_IDS = 24;

function slotIds(slots: SlotRef[]): string {
  const more = slots.length > MAX_IDS ? ` and ${slots.length - MAX_IDS} more` : "";
  return slots.slice(0, MAX_IDS).map((x) => x.slot_id).join(", ") + more;
}

const HELP = "I can check which courts are free and book one for you. Try something like \"Is a court free tomorrow at 3pm?\" or \"Book court C on Friday evening\".";

function smalltalk(text: string): string {
  if (/\b(thanks|thank you|thx|cheers)\b/i.test(text)) return "You're welcome! Enjoy your game. Anything else I can check or book?";
  if (/\b(who are you|what can you do|help)\b/i.test(text)) return `I'm the club's booking assistant. ${HELP}`;
  return `Hi! ${HELP}`;
}

function confirmation(b: Extract<Outcome, { kind: "booked" }>, s: Situation): string {
  const slot = b.slot ?? chooseSlot(s.slots ?? [], s.request).slot;
  const what = slot ? `Court ${slot.court} is booked for you ${when(slot.date, slot.time)}` : "Your court is booked";
  return `Done! ${what}${b.bookingId ? ` (booking ${b.bookingId})` : ""}. See you on court!`;
}

const FAILURE_REASONS: Record<string, string> = {
  slot_taken: "someone else has just booked it",
  slot_not_found: "that slot does not exist",
  slot_in_past: "that time has already passed",
  outside_hours: "courts are booked by the hour from 07:00, last start 21:00",
  beyond_horizon: `courts can be booked at most ${HORIZON_DAYS} days ahead`,
  limit_reached: "you have reached the booking limit (2 a day, 6 upcoming)",
};

function explainFailure(f: Extract<Outcome, { kind: "failed" }>, s: Situation): string {
  const what = f.slot ? `Court ${f.slot.court} ${when(f.slot.date, f.slot.time)}` : "that court";
  const reason = (f.code && FAILURE_REASONS[f.code]) ?? f.message.replace(/[.\s]+$/, "");
  const others = (s.slots ?? []).filter((x) => x.slot_id !== f.slot?.slot_id && (!f.slot || x.date === f.slot.date));
  const sameTime = others.filter((x) => x.time === (f.slot?.time ?? s.request.time));
  const alternatives = f.code === "limit_reached" ? "" : sameTime.length ? ` Free at the same time: ${courtList(sameTime)}.` : others.length ? ` ${freeTimes(others)}` : "";
  return `Sorry, I couldn't book ${what}: ${reason}.${alternatives} Would you like to try another option?`;
}

function explainProblem(p: Problem, s: Situation): string {
  const r = s.request;
  const today = s.now.toISODate()!;
  switch (p) {
    case "no_date":
      return `Which day would you like to play${r.time ? ` at ${r.time}` : ""}? I can book from today until ${describeDate(addDays(today, HORIZON_DAYS))}.`;
    case "vague_date":
      return `Which day ${r.vagueDate} do you mean? Tell me a day, like "Thursday" or "the 10th".`;
    case "past_date":
      return `${r.date} has already passed. Which day from today on would you like?`;
    case "beyond_horizon":
      return `Courts can be booked at most ${HORIZON_DAYS} days ahead, until ${describeDate(addDays(today, HORIZON_DAYS))}. Would an earlier day work?`;
    case "outside_hours":
      return `Courts are booked by the hour from 07:00 to 22:00 (last start 21:00), so ${r.time} isn't possible. Which time between 07:00 and 21:00 would you like?`;
    case "time_passed":
      return `${r.time} ${describeDate(r.date!)} has already started or passed. Would a later time work?`;
  }
}

function when(date: string, time?: string, range?: string): string {
  const day = describeDate(date);
  const on = day === "today" || day === "tomorrow" ? day : `on ${day}`;
  return time ? `${on} at ${time}` : range ? `${on} ${range}` : on;
}

function courtList(slots: SlotRef[]): string {
  return slots.map((x) => `Court ${x.court} (${x.slot_id})`).join(", ");
}

const MAX_TIMES = 6;

function freeTimes(slots: SlotRef[]): string {
  const byTime = new Map<string, string[]>();
  for (const x of slots) byTime.set(x.time, [...(byTime.get(x.time) ?? []), x.court]);
  const times = [...byTime].slice(0, MAX_TIMES).map(([time, courts]) => `${time} (Court${courts.length > 1 ? "s" : ""} ${courts.join(", ")})`);
  const more = byTime.size > MAX_TIMES ? ` and ${byTime.size - MAX_TIMES} more times` : "";
  return `Free ${when(slots[0].date)}: ${times.join(", ")}${more}.`;
}

function nearby(slots: SlotRef[], time?: string): string {
  if (!time || !slots.length) return "";
  const others = [...new Set(slots.map((x) => x.time))].sort((a, b) => Math.abs(hour(a) - hour(time)) - Math.abs(hour(b) - hour(time)) || a.localeCompare(b)).slice(0, 3);
  return ` Nearest free times: ${others.sort().join(", ")}.`;
}

function hour(time: string): number {
  return Number(time.slice(0, 2));
}
