process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";

import { describe, expect, it } from "vitest";
import { slotsOfDay } from "@/lib/domain/slots";
import { clubFacts } from "@/lib/patterns/kit/prompts";
import { decide, type Turn } from "@/lib/sim";
import { judge, loadCorpus, type Case } from "@/lib/eval/judge";

/**
 * The tuned corpus through the brain alone, in a function-calling loop over a small in-memory club
 * that offers all four member tools — so the cases about the member's own bookings run here before
 * every pattern has my_bookings and cancel_booking. (The held-out file is only run by the eval.)
 */
const SYSTEM = `You are the booking assistant of a tennis club.\n${clubFacts()}`;
const SEED = [
  "2026-12-01_CourtA_1800",
  "2026-12-01_CourtC_1900",
  "2026-12-01_CourtD_2000",
  "2026-12-02_CourtA_0900",
  "2026-12-02_CourtB_1800",
  "2026-12-02_CourtD_1800",
  "2026-12-02_CourtD_1900",
  "2026-12-03_CourtC_1000",
  "2026-12-03_CourtA_1700",
  "2026-12-04_CourtB_0800",
  "2026-12-04_CourtD_1200",
  "2026-12-06_CourtA_1500",
  "2026-12-06_CourtC_1500",
];
const object = (properties: Record<string, unknown>, required: string[] = []) => ({ type: "object", properties, required });
const TOOLS = [
  {
    name: "check_availability",
    description:
      "Check which tennis courts are free at the club on a date (and optionally at a start time). Returns free slots with their slot_id.",
    parameters: object({ date: { type: "string" }, time: { type: ["string", "null"] } }, ["date"]),
  },
  {
    name: "book_slot",
    description: "Book one court slot for the current member, by the slot_id that check_availability returned.",
    parameters: object({ slot_id: { type: "string" } }, ["slot_id"]),
  },
  { name: "my_bookings", description: "The current member's upcoming bookings, each with its booking_id.", parameters: object({}) },
  {
    name: "cancel_booking",
    description: "Cancel one of the current member's own bookings by its booking_id from my_bookings.",
    parameters: object({ booking_id: { type: "string" } }, ["booking_id"]),
  },
];

function play(c: Case) {
  const taken = new Set(SEED);
  const mine = new Map<string, string>((c.setup ?? []).map((slot, i) => [`bk_${i + 1}`, slot]));
  for (const slot of mine.values()) taken.add(slot);
  const run = (name: string, args: Record<string, unknown>): string => {
    if (name === "check_availability")
      return JSON.stringify({
        free_slots: slotsOfDay(String(args.date), args.time ? String(args.time) : undefined).filter((s) => !taken.has(s.slot_id)),
      });
    if (name === "my_bookings")
      return JSON.stringify({
        bookings: [...mine]
          .sort((a, b) => a[1].localeCompare(b[1]))
          .map(([booking_id, slot_id]) => ({
            booking_id,
            slot_id,
            court: `Court ${slot_id[16]}`,
            date: slot_id.slice(0, 10),
            time: `${slot_id.slice(-4, -2)}:${slot_id.slice(-2)}`,
          })),
      });
    if (name === "cancel_booking") {
      const slot = mine.get(String(args.booking_id));
      if (!slot)
        return JSON.stringify({ error: { code: "booking_not_found", message: `No booking has the id "${String(args.booking_id)}".` } });
      mine.delete(String(args.booking_id));
      taken.delete(slot);
      return JSON.stringify({ cancelled: { booking_id: args.booking_id, slot_id: slot } });
    }
    const slot = String(args.slot_id);
    if (taken.has(slot) || !slotsOfDay(slot.slice(0, 10)).some((s) => s.slot_id === slot))
      return JSON.stringify({ error: { code: "slot_taken", message: "That slot is not free." } });
    const id = `bk_${mine.size + 10}`;
    mine.set(id, slot);
    taken.add(slot);
    return JSON.stringify({ booked: { booking_id: id, slot_id: slot } });
  };
  const messages: Turn[] = [];
  const replies: string[] = [];
  for (const t of c.turns) {
    messages.push({ role: "user", text: t.say });
    for (let round = 0; ; round++) {
      if (round === 8) throw new Error(`${c.id}: still calling tools after 8 rounds`);
      const d = decide({ system: SYSTEM, messages, tools: TOOLS });
      if (d.kind !== "tool_calls") {
        replies.push(d.kind === "text" ? d.text : JSON.stringify(d.value));
        messages.push({ role: "assistant", text: replies.at(-1)! });
        break;
      }
      const calls = d.calls.map((call, i) => ({ ...call, id: `c${messages.length}_${i}` }));
      messages.push({ role: "assistant", toolCalls: calls });
      for (const call of calls) messages.push({ role: "tool", callId: call.id, name: call.name, content: run(call.name, call.args) });
    }
  }
  return judge(c, replies, [...mine.values()]);
}

describe("the tuned conversation corpus, through the brain with all four member tools", () => {
  const corpus = loadCorpus("tuned");
  it("has at least 160 utterances and 25 dialogues (a fifth more is held out)", () => {
    expect(corpus.utterances.length).toBeGreaterThanOrEqual(160);
    expect(corpus.dialogues.length).toBeGreaterThanOrEqual(25);
  });
  for (const c of [...corpus.utterances, ...corpus.dialogues]) {
    it(`${c.id}: ${c.turns
      .map((t) => t.say)
      .join(" / ")
      .slice(0, 80)}`, () => {
      expect(play(c).problems).toEqual([]);
    });
  }
});
