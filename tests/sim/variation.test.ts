process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";

import { describe, expect, it } from "vitest";
import { slotsOfDay } from "@/lib/domain/slots";
import { clubFacts } from "@/lib/patterns/kit/prompts";
import { decide, type Turn } from "@/lib/sim";
import { chooser, rephrase } from "@/lib/sim/variation";

/** The simulated model's seeded variation: deterministic at 0, reproducible per seed, and only among equally valid choices. */
const SYSTEM = `You are the booking assistant of a tennis club.\n${clubFacts()}`;
const TOOLS = [
  {
    name: "check_availability",
    description:
      "Check which tennis courts are free at the club on a date (and optionally at a start time). Returns free slots with their slot_id.",
    parameters: { type: "object", properties: { date: { type: "string" }, time: { type: "string" } }, required: ["date"] },
  },
  {
    name: "book_slot",
    description: "Book one court slot for the current member, by the slot_id that check_availability returned.",
    parameters: { type: "object", properties: { slot_id: { type: "string" } }, required: ["slot_id"] },
  },
];

/** The slot the brain books for `say`, once every court is free at 20:00 on Friday. */
function booked(say: string, pick?: (n: number) => number): string {
  const messages: Turn[] = [
    { role: "user", text: say },
    { role: "assistant", toolCalls: [{ id: "c1", name: "check_availability", args: { date: "2026-12-04", time: "20:00" } }] },
    { role: "tool", callId: "c1", name: "check_availability", content: JSON.stringify({ free_slots: slotsOfDay("2026-12-04", "20:00") }) },
  ];
  const d = decide({ system: SYSTEM, messages, tools: TOOLS }, { pick });
  if (d.kind !== "tool_calls") throw new Error(`expected a booking, got ${JSON.stringify(d)}`);
  return String(d.calls[0].args.slot_id);
}

describe("simulated variation (temperature and seed)", () => {
  it("is off at temperature 0 and without a setting: every choice is the first", () => {
    for (const variation of [undefined, { temperature: 0, seed: 7 }]) {
      const pick = chooser(variation, "conversation");
      expect(Array.from({ length: 50 }, () => pick(4))).toEqual(Array(50).fill(0));
    }
  });

  it("is reproducible: the same seed and conversation choose the same, other seeds choose otherwise", () => {
    const run = (seed: number, conversation = "book friday at 8pm") => {
      const pick = chooser({ temperature: 1, seed }, conversation);
      return Array.from({ length: 20 }, () => pick(4));
    };
    expect(run(3)).toEqual(run(3));
    expect(new Set(Array.from({ length: 10 }, (_, seed) => run(seed).join(""))).size).toBeGreaterThan(1);
    expect(run(3, "another conversation")).not.toEqual(run(3));
    expect(run(5).every((i) => Number.isInteger(i) && i >= 0 && i < 4)).toBe(true);
  });

  it("picks among the courts equally free at the asked time, and never another court than the one named", () => {
    expect(booked("book a court on friday at 8pm")).toBe("2026-12-04_CourtA_2000");
    const chosen = new Set(
      Array.from({ length: 12 }, (_, seed) => booked("book a court on friday at 8pm", chooser({ temperature: 1, seed }, "friday"))),
    );
    expect(chosen.size).toBeGreaterThan(1);
    for (const slot of chosen) expect(slot).toMatch(/^2026-12-04_Court[A-D]_2000$/);
    for (let seed = 0; seed < 12; seed++)
      expect(booked("book court c on friday at 8pm", chooser({ temperature: 1, seed }, "c"))).toBe("2026-12-04_CourtC_2000");
  });

  it("words the same answer in another way, keeping all of it", () => {
    const texts = new Set(
      Array.from({ length: 12 }, (_, seed) => rephrase("Court B is booked for you.", chooser({ temperature: 1, seed }, "x"))),
    );
    expect(texts.size).toBeGreaterThan(1);
    for (const t of texts) expect(t.endsWith("Court B is booked for you.")).toBe(true);
  });
});
