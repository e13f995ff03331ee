import type { BookingRef, Outcome, SlotRef } from "./evidence";
import { addDays, type Knowledge } from "./knowledge";
import type { Preference, Utterance } from "./understand";
import { FIRST, type Pick } from "./variation";

/** The member's request as the conversation states it: the latest offer and later turns override, earlier turns fill gaps. */
export type Request = Omit<Utterance, "confirms" | "declines" | "asks" | "wants" | "corrects" | "shift" | "nth" | "anyCourt"> & {
  /** The member turned down the offer. */
  declined?: boolean;
  /** The booking this request moves (just made, now changed): cancelled once the new one is booked. */
  replaces?: Replaced;
};
export type Replaced = { date: string; time: string; court?: string };

/** Everything the model knows when it decides. */
export type Situation = {
  k: Knowledge;
  request: Request;
  /** Free slots seen since the last user message; null when nobody has checked yet. */
  slots: SlotRef[] | null;
  /** The booking attempted since the last user message, if any. */
  booking: Extract<Outcome, { kind: "booked" | "failed" }> | null;
  /** A failed availability check since the last user message. */
  checkFailed: Extract<Outcome, { kind: "failed" }> | null;
  /** The member's bookings as a tool listed them since the last user message. */
  bookings: BookingRef[] | null;
  /** A cancellation attempted since the last user message. */
  cancelled: Extract<Outcome, { kind: "cancelled" | "failed" }> | null;
  /** An agent's own account of the member's bookings or a cancellation, since the last user message. */
  report: string | null;
  /** Tools on offer, by what they are for. */
  can: { check: boolean; book: boolean; list: boolean; cancel: boolean };
  lastUser: string;
};

export type Problem =
  | "no_such_court"
  | "no_today"
  | "vague_date"
  | "no_date"
  | "past_date"
  | "beyond_horizon"
  | "not_on_the_hour"
  | "outside_hours"
  | "time_passed";

/** What stops the request from being checked at all, in the order a person would raise it. */
export function problem(r: Request, k: Knowledge): Problem | null {
  if (r.namedCourt) return "no_such_court";
  if (r.needsToday && !r.date) return "no_today";
  if (r.vagueDate && !r.date) return "vague_date";
  if (!r.date) return "no_date";
  const today = k.now?.toISODate();
  if (today && r.date < today) return "past_date";
  if (today && k.horizonDays !== undefined && r.date > addDays(today, k.horizonDays)) return "beyond_horizon";
  if (r.time) {
    const hour = Number(r.time.slice(0, 2));
    if (!r.time.endsWith(":00")) return "not_on_the_hour";
    if ((k.firstHour !== undefined && hour < k.firstHour) || (k.lastHour !== undefined && hour > k.lastHour)) return "outside_hours";
    if (k.now && r.date === today && r.time <= k.now.toFormat("HH:mm")) return "time_passed";
  }
  return null;
}

export type Choice = { slot?: SlotRef; reason: string; courtTaken?: string; candidates: SlotRef[] };

export function fitsCourt(p: Preference, k: Knowledge, court: string): boolean {
  const c = k.courts.get(court);
  if (p === "indoor") return c?.indoor === true;
  if (p === "outdoor") return c?.indoor === false;
  if (p === "earliest" || p === "latest") return true;
  return c?.surface === p;
}

/** The slot that fits the request best, honouring date, time or range, named court and preferences. */
export function chooseSlot(slots: SlotRef[], r: Request, k: Knowledge, pick: Pick = FIRST): Choice {
  const fitsWhen = (x: SlotRef) =>
    (!r.date || x.date === r.date) && (r.time ? x.time === r.time : !r.range || (x.time >= r.range.from && x.time <= r.range.to));
  const candidates = slots.filter(fitsWhen);
  if (!r.time && !r.range && !r.preferences.some((p) => p === "earliest" || p === "latest") && !r.slotId)
    return { reason: "no time given", candidates };
  const wanted = r.court ? candidates.filter((x) => x.court === r.court) : candidates;
  if (r.court && !wanted.length) return { reason: `Court ${r.court} is not free then`, courtTaken: r.court, candidates };
  const surfaceOrRoof = r.preferences.filter((p) => p !== "earliest" && p !== "latest");
  const liked = wanted.filter((x) => surfaceOrRoof.every((p) => fitsCourt(p, k, x.court)));
  if (surfaceOrRoof.length && !liked.length) return { reason: `nothing ${surfaceOrRoof.join(" and ")} is free then`, candidates };
  const near = r.range?.near;
  const distance = (x: SlotRef) => (near ? Math.abs(Number(x.time.slice(0, 2)) - Number(near.slice(0, 2))) : 0);
  const ordered = [...liked].sort((a, b) => distance(a) - distance(b) || a.time.localeCompare(b.time) || a.court.localeCompare(b.court));
  // Slots as near and as early as the first are equally valid; which of them is the pick's (simulated variation).
  const tied = ordered.filter((x) => ordered[0] && distance(x) === distance(ordered[0]) && x.time === ordered[0].time);
  const slot = r.preferences.includes("latest") ? [...liked].sort((a, b) => a.time.localeCompare(b.time)).at(-1) : tied[pick(tied.length)];
  if (!slot) return { reason: "nothing free at that time", candidates };
  return { slot, reason: reasonFor(slot, r, k), candidates };
}

function reasonFor(slot: SlotRef, r: Request, k: Knowledge): string {
  const c = k.courts.get(slot.court);
  const features = [c?.surface, c?.indoor === undefined ? undefined : c.indoor ? "indoor" : "outdoor"].filter(Boolean).join(", ");
  const why = [
    r.court ? "the court you asked for" : "",
    r.preferences.filter((p) => p !== "earliest" && p !== "latest").join(" and "),
    r.preferences.includes("earliest") ? "the earliest free" : r.preferences.includes("latest") ? "the latest free" : "",
  ].filter(Boolean);
  return `Court ${slot.court}${features ? ` (${features})` : ""} is free at ${slot.time}${why.length ? `: ${why.join(", ")}` : ""}.`;
}
