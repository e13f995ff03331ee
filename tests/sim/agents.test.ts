process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";

import { Agent, OpenAIProvider, Runner, setTracingDisabled, tool } from "@openai/agents";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { slotsOfDay } from "@/lib/domain/slots";
import { createClients } from "@/lib/llm";

setTracingDisabled(true);

/** A real model learns today's date from its instructions; so does the simulated one. */
const TODAY =
  "Today is Tuesday 1 December 2026 (2026-12-01), the time is 10:30. Courts: Court A (hard, outdoor), Court B (hard, outdoor), Court C (clay, outdoor), Court D (hard, indoor).";

/** The club's two functions as Agents SDK tools (strict schemas), recording what the model asked for. */
function clubTools(calls: string[]) {
  const checkAvailability = tool({
    name: "check_availability",
    description: "Free court slots on a date, optionally at one time.",
    parameters: z.object({ date: z.string(), time: z.string().nullable() }),
    execute: async ({ date, time }) => (
      calls.push(`check ${date} ${time}`),
      JSON.stringify(slotsOfDay(date, time ?? undefined).filter((s) => s.court !== "Court A"))
    ),
  });
  const book = tool({
    name: "book",
    description: "Book one slot by its slot_id.",
    parameters: z.object({ slot_id: z.string() }),
    execute: async ({ slot_id }) => (calls.push(`book ${slot_id}`), JSON.stringify({ booking_id: "bk_7", slot_id })),
  });
  return { checkAvailability, book };
}

function runner(useResponses: boolean) {
  return new Runner({ modelProvider: new OpenAIProvider({ openAIClient: createClients({ forceSim: true }).openai, useResponses }) });
}

describe("OpenAI Agents SDK on the simulated model", () => {
  for (const useResponses of [false, true]) {
    it(`runs a single agent's tool loop (${useResponses ? "responses" : "chat completions"})`, async () => {
      const calls: string[] = [];
      const { checkAvailability, book } = clubTools(calls);
      const agent = new Agent({ name: "Club assistant", instructions: `Book tennis courts. ${TODAY}`, tools: [checkAvailability, book] });
      const result = await runner(useResponses).run(agent, "book court a tomorrow at 3pm, otherwise any court");
      expect(calls).toEqual(["check 2026-12-02 15:00"]);
      expect(result.finalOutput).toMatch(/Court A is taken tomorrow \(Wed 2 Dec\) at 15:00/);
    });
  }

  it("routes through handoffs to specialists", async () => {
    const calls: string[] = [];
    const { checkAvailability, book } = clubTools(calls);
    const booking = new Agent({
      name: "booking_agent",
      handoffDescription: "Books a court slot for the member.",
      instructions: `Book. ${TODAY}`,
      tools: [book],
    });
    const availability = new Agent({
      name: "availability_agent",
      handoffDescription: "Availability specialist: finds free courts.",
      instructions: `Check and list the free slots with their slot_id. ${TODAY}`,
      tools: [checkAvailability],
      handoffs: [booking],
    });
    const manager = new Agent({ name: "manager", instructions: `Route the member. ${TODAY}`, handoffs: [availability, booking] });
    const result = await runner(true).run(manager, "Book an indoor court tomorrow at 6pm");
    expect(calls).toEqual(["check 2026-12-02 18:00", "book 2026-12-02_CourtD_1800"]);
    expect(result.lastAgent?.name).toBe("booking_agent");
    expect(result.finalOutput).toContain("Court D is booked");
  });

  it("uses specialists as tools with a plain-text task", async () => {
    const calls: string[] = [];
    const { checkAvailability, book } = clubTools(calls);
    const availability = new Agent({
      name: "availability_agent",
      instructions: `Check and list the free slots with their slot_id. ${TODAY}`,
      tools: [checkAvailability],
    });
    const booking = new Agent({ name: "booking_agent", instructions: `Book. ${TODAY}`, tools: [book] });
    const manager = new Agent({
      name: "manager",
      instructions: `Use your specialists. ${TODAY}`,
      tools: [
        availability.asTool({ toolName: "availability_specialist", toolDescription: "Finds which courts are free." }),
        booking.asTool({ toolName: "booking_specialist", toolDescription: "Books a slot for the member." }),
      ],
    });
    const result = await runner(false).run(manager, "can you book me a clay court on thursday evening");
    expect(calls).toEqual(["check 2026-12-03 null", "book 2026-12-03_CourtC_1700"]);
    expect(result.finalOutput).toContain("Court C is booked");
  });
});
