import { beforeAll, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SIM_LATENCY = "off";
import { hostServices } from "../services/server";
import { normalized, simCallCounter, allBookings } from "./support";

hostServices();

/** One booking request per pattern, each for a different slot so the runs do not get in each other's way. */
const REQUESTS: [string, string][] = [
  ["A", "Book court A tomorrow at 2pm"],
  ["B", "Book an indoor court tomorrow at 4pm"],
  ["C", "Book court C tomorrow at 3pm"],
  ["D", "Book court B tomorrow at 3pm"],
  ["E", "Book court C tomorrow at 5pm"],
  ["F", "Book court A tomorrow at 7pm"],
  ["G", "Book court B tomorrow at 8pm"],
  ["H", "Book court D tomorrow at 9am"],
];

describe("exact replay from a run's tape", () => {
  beforeAll(async () => {
    const { freshDb } = await import("../helpers");
    await freshDb();
  });

  for (const [pattern, message] of REQUESTS) {
    it(`pattern ${pattern}: same events, decisions and reply; no model call, no booking repeated`, async () => {
      const { turn } = await import("../patterns/harness");
      const { replayRun } = await import("@/lib/tapes/replay");
      const { tapeDocument } = await import("@/lib/tapes/store");
      const userId = `replayer-${pattern}`;
      const original = await turn(pattern as never, message, { userId });
      expect(original.status).toBe("ok");
      expect(
        original.events.some((e) => e.type === "tool.result" && e.tool === "book_slot" && !e.error),
        "the original run booked",
      ).toBe(true);

      const tape = await tapeDocument(original.runId, userId);
      expect(tape?.exchanges.length).toBeGreaterThan(0);
      expect(tape?.toolResults.some((t) => t.tool === "book_slot")).toBe(true);

      const before = await allBookings();
      const sim = simCallCounter();
      const events: import("@/lib/trace/events").TraceEvent[] = [];
      const replay = await replayRun(
        { runId: original.runId, userId, origin: "http://127.0.0.1:1", signal: new AbortController().signal },
        (e) => {
          events.push(e);
          if (e.type === "run.start") sim.watch(e.runId);
        },
      );
      sim.stop();
      expect(replay.runId).not.toBe(original.runId);
      expect(replay.reply).toBe(original.reply);
      expect(normalized(events)).toEqual(normalized(original.events));
      expect(sim.calls(), "model calls that reached the simulated vendor during the replay").toBe(0);
      expect(await allBookings()).toEqual(before);
    });
  }
});
