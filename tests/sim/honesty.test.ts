import path from "node:path";
import { describe, expect, it } from "vitest";
import { forbiddenImports } from "../support/imports";
import { decide } from "@/lib/sim";

const SIM = path.resolve(import.meta.dirname, "../../lib/sim");
const FORBIDDEN = /^@\/lib\/(?:domain|db|patterns)(?:\/|$)|clock/;

describe("the simulated model knows only what it reads", () => {
  it("imports nothing from the domain, the database, the patterns or the club clock", () => {
    const { files, offending } = forbiddenImports(SIM, FORBIDDEN);
    expect(files.length).toBeGreaterThan(5);
    expect(offending).toEqual([]);
  });

  it("takes today from the prompt: another date moves tomorrow with it", () => {
    const ask = (system?: string) =>
      decide({
        system,
        messages: [{ role: "user", text: "book a court tomorrow at 6pm" }],
        tools: [],
        json: { keys: ["intent", "date", "time"] },
      });
    expect(ask("Today is Tuesday 1 December 2026 (2026-12-01), the time is 10:30.")).toEqual({
      kind: "json",
      value: { intent: "book", date: "2026-12-02", time: "18:00" },
    });
    expect(ask("Today is Friday 5 March 2027 (2027-03-05), the time is 09:00.")).toEqual({
      kind: "json",
      value: { intent: "book", date: "2027-03-06", time: "18:00" },
    });
    expect(ask()).toEqual({ kind: "json", value: { intent: "book", date: null, time: "18:00" } });
  });

  it("asks for the date, rather than guessing, when the prompt gives none", () => {
    const tools = [
      {
        name: "check_availability",
        description: "Free court slots on a date.",
        parameters: { type: "object", properties: { date: { type: "string" } } },
      },
    ];
    const d = decide({
      system: "You are a tennis club's booking assistant.",
      messages: [{ role: "user", text: "is a court free tomorrow at 5pm?" }],
      tools,
    });
    expect(d.kind).toBe("text");
    expect(d.kind === "text" && d.text).toMatch(/don't know today's date/);
  });

  it("learns courts and hours from the prompt, and says it does not know when the prompt is silent", () => {
    const ask = (system: string, text: string) => decide({ system, messages: [{ role: "user", text }], tools: [] });
    const club =
      "Today is 2026-12-01. Courts: Court A (grass, outdoor), Court B (clay, indoor). Slots start on the hour, the first at 08:00 and the last at 19:00.";
    expect(ask(club, "which courts are indoor?")).toEqual({ kind: "text", text: "Court B is indoor; Court A is outdoor." });
    expect(ask(club, "what are your opening hours?")).toMatchObject({
      text: expect.stringContaining("the first at 08:00 and the last at 19:00"),
    });
    expect(ask(club, "book court D tomorrow at 10am")).toMatchObject({
      text: expect.stringMatching(/no Court D: its courts are Court A and Court B/),
    });
    expect(ask("Today is 2026-12-01.", "which courts are indoor?")).toMatchObject({ text: "I don't know which courts are indoor." });
  });
});
