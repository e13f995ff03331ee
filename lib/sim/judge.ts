import type { DateTime } from "luxon";
import { CLOSING_HOUR, HORIZON_DAYS, OPENING_HOUR, addDays, atClub } from "@/lib/domain/clock";
import { COURTS, type CourtId } from "@/lib/domain/courts";
import type { Outcome, SlotRef } from "./evidence";
import type { Intent, Preference, TimeRange, Utterance } from "./understand";

/** The user's request as the whole conversation states it: later turns override, earlier turns fill gaps. */
export type Request = Omit<Utterance, "intent" | "confirms"> & { intent?: Intent };

/** Everything the model knows when it decides. */
export type Situation = {
  now: DateTime;
  request: Request;
  /** Free slots seen since the last user message; null when nobody has checked yet. */
  slots: SlotRef[] | null;
  /** The booking attempted since the last user message, if any. */
  booking: Extract<Outcome, { kind: "booked" | "failed" }> | null;
  /** A failed availability check since the last user message. */
  checkFailed: Extract<Outcome, { kind: "failed" }> | null;
  lastUser: string;
};

export type Problem = "no_date" | "vague_date" | "past_date" | "beyond_horizon" | "outside_hours" | "time_passed";

/** What stops the request from being checked at all, in the order a person would raise it. */
export function problem(r: Request, now: DateTime): Problem | null {
  if (r.vagueDate && !r.date) return "vague_date";
  if (!r.date) return "no_date";
  const today = now.toISODate()!;
  if (r.date < today) return "past_date";
  if (r.date > addDays(today, HORIZON_DAYS)) return "beyond_horizon";
  if (r.time) {
    const hour = Number(r.time.slice(0, 2));
    if (!r.time.endsWith(":00") || hour < OPENING_HOUR || hour >= CLOSING_HOUR) return "outside_hours";
    if (atClub(r.date, r.time) <= now) return "time_passed";
  }
  return null;
}

export type Choice = { slot?: SlotRef; reason: string; courtTaken?: CourtId; candidates: SlotRef[] };

const PREFERRED: Partial<Record<Preference, (court: (typeof COURTS)[number]) => boolean>> = {
  indoor: (c) => c.indoor,
  outdoor: (c) => !c.indoor,
  clay: (c) => c.surface === "clay",
  hard: (c) => c.surface === "hard",
};

/** The slot that fits the request best, honouring date, time or range, named court and preferences. */
export function chooseSlot(slots: SlotRef[], r: Request): Choice {
  const fitsWhen = (x: SlotRef) => (!r.date || x.date === r.date) && (r.time ? x.time === r.time : inRange(x.time, r.range));
  const candidates = slots.filter(fitsWhen);
  if (!r.time && !r.range && !r.preferences.some((p) => p === "earliest" || p === "latest") && !r.slotId) return { reason: "no time given", candidates };
  const wanted = r.court ? candidates.filter((x) => x.court === r.court) : candidates;
  if (r.court && !wanted.length) return { reason: `Court ${r.court} is not free then`, courtTaken: r.court, candidates };
  const liked = wanted.filter((x) => r.preferences.every((p) => !PREFERRED[p] || PREFERRED[p](COURTS.find((c) => c.id === x.court)!)));
  const pool = liked.length ? liked : wanted;
  const ordered = [...pool].sort((a, b) => a.time.localeCompare(b.time) || a.court.localeCompare(b.court));
  const slot = r.preferences.includes("latest") ? ordered.at(-1) : ordered[0];
  if (!slot) return { reason: "nothing free at that time", candidates };
  return { slot, reason: reasonFor(slot, r, liked.length > 0), candidates };
}

function inRange(time: string, range?: TimeRange): boolean {
  return !range || (time >= range.from && time <= range.to);
}

function reasonFor(slot: SlotRef, r: Request, preferencesMet: boolean): string {
  const court = COURTS.find((c) => c.id === slot.court)!;
  const why = [
    r.court ? "the court you asked for" : "",
    preferencesMet ? r.preferences.filter((p) => PREFERRED[p]).map((p) => (p === "clay" || p === "hard" ? `${p} surface` : p)).join(" and ") : "",
    r.preferences.includes("earliest") ? "the earliest free" : r.preferences.includes("latest") ? "the latest free" : "",
  ].filter(Boolean);
  return `Court ${slot.court} (${court.surface}, ${court.indoor ? "indoor" : "outdoor"}) is free on ${slot.date} at ${slot.time}${why.length ? `: ${why.join(", ")}` : ""}.`;
}
