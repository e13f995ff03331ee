import { beforeEach, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "code-decides-test-secret";
import { hostServices } from "../services/server";

// C's steps are services: host them for this file.
hostServices();

/**
 * A, B and C: code decides what to do with what the parse step reports. The parse is scripted, so
 * each guard is tested on the pattern's code alone; later model calls (select, confirm, services)
 * are left to the simulated brain.
 */
const TOMORROW = "2026-12-02";
const request = (intent: string, more: Record<string, unknown> = {}) => ({
  intent,
  date: TOMORROW,
  time: "15:00",
  court: null,
  slot_id: null,
  preferences: [],
  ...more,
});

describe.each(["A", "B", "C"] as const)("pattern %s: code answers what the parse reports", (pattern) => {
  const user = `code-decides-${pattern}`;
  beforeEach(async () => {
    const { freshDb } = await import("../helpers");
    await freshDb();
  });

  async function play(message: string, parsed: Record<string, unknown>) {
    const { turn } = await import("./harness");
    const { scripted, json, brain } = await import("./scripted");
    return turn(pattern, message, { userId: user, script: scripted(json(parsed), brain(), brain(), brain(), brain()) });
  }
  const toolCalls = (t: Awaited<ReturnType<typeof play>>) => t.events.flatMap((e) => (e.type === "tool.call" ? [e.tool] : []));

  it("says once that the court asked for is taken, and plainly that no court of the kind asked for is free", async () => {
    const { book } = await import("@/lib/domain/bookings");
    await book("someone-else", `${TOMORROW}_CourtB_1500`);
    await book("someone-else", `${TOMORROW}_CourtD_1500`);
    const named = await play("Book court B tomorrow at 3pm", request("book", { court: "B" }));
    expect(named.reply.match(/Court B is (?:not free|taken)/g) ?? []).toHaveLength(1);
    const kind = await play("Book an indoor court tomorrow at 3pm", request("book", { preferences: ["indoor"] }));
    expect(kind.reply).not.toMatch(/is not free then.*is not free then|No indoor court is not free/);
    expect(kind.reply).toMatch(/indoor/);
    const { bookingsOf } = await import("./harness");
    expect(await bookingsOf(user)).toHaveLength(0);
  });

  it("never books a court the club does not have, even when the parse says book: it says which courts exist", async () => {
    const { bookingsOf } = await import("./harness");
    const t = await play("Book court E tomorrow at 3pm", request("book", { court: "E" }));
    expect(toolCalls(t)).toEqual([]);
    expect(await bookingsOf(user)).toHaveLength(0);
    expect(t.reply).toMatch(/no Court E: its courts are Court A \(hard, outdoor\).*Court D \(hard, indoor\)/);
  });

  it("never books a court short of a stated preference no court meets", async () => {
    const { bookingsOf } = await import("./harness");
    const t = await play("Book a grass court tomorrow at 3pm", request("book", { preferences: ["grass"] }));
    expect(await bookingsOf(user)).toHaveLength(0);
    expect(t.reply).toMatch(/no grass court/);
  });

  it("says slots start on the hour and offers the neighbours, booking nothing", async () => {
    const { bookingsOf } = await import("./harness");
    const t = await play("Book tomorrow at 3:30pm", request("book", { time: "15:30" }));
    expect(await bookingsOf(user)).toHaveLength(0);
    expect(t.reply).toMatch(/start on the hour, so 15:30 isn't possible\. Would 15:00 or 16:00 suit you\?/);
  });

  it("lists only the free times within a range", async () => {
    const t = await play(
      "What's free tomorrow between 6 and 8pm?",
      request("check", { time: null, time_range: { from: "18:00", to: "19:00" } }),
    );
    expect(t.reply).toMatch(/18:00.*19:00/);
    expect(t.reply).not.toMatch(/07:00|17:00|20:00/);
  });

  it("books within the range asked for", async () => {
    const { bookingsOf } = await import("./harness");
    await play("Book a court tomorrow between 5 and 9pm", request("book", { time: null, time_range: { from: "17:00", to: "20:00" } }));
    expect((await bookingsOf(user)).map((b) => b.time)).toEqual([expect.stringMatching(/^(?:1[789]|20):00$/)]);
  });

  it("answers a question about the club from its rules, and touches no tool", async () => {
    const t = await play(
      "Which court is indoor, and how many can I book?",
      request("club", { date: null, time: null, topics: ["indoor", "limits"] }),
    );
    expect(toolCalls(t)).toEqual([]);
    expect(t.reply).toMatch(/Court D is indoor.*at most 2 bookings a day and 6 upcoming/);
  });

  it("acts on nothing in a language it does not read", async () => {
    const t = await play("Ich möchte morgen um 15 Uhr spielen", request("foreign"));
    expect(toolCalls(t)).toEqual([]);
    expect(t.reply).toMatch(/English only/);
  });
});
