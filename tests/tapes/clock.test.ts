import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SIM_LATENCY = "off";
process.env.SESSION_SECRET = "tapes-clock-secret-long-enough";
import { planFork, replayRun } from "@/lib/tapes/replay";
import { tapeDocument } from "@/lib/tapes/store";
import type { TraceEvent } from "@/lib/trace/events";
import { freshDb } from "../helpers";
import { turn, type Turn } from "../patterns/harness";
import { hostServices } from "../services/server";

/**
 * Runs recorded on one clock (2026-12-01 10:30 in Amsterdam), played on a server whose clock says
 * another day in another zone: a replay, a fork and SIM_TAPE playback take the recorded clock
 * from the tape, with no setting, and come out as the recording did.
 */
hostServices();

const ELSEWHERE = { PLAYGROUND_NOW: "2027-03-20T19:45:00", CLUB_TIMEZONE: "America/Los_Angeles" };
const RECORDED_CLOCK = { now: "2026-12-01T10:30:00+01:00", timeZone: "Europe/Amsterdam" };
const booked = (t: { events: TraceEvent[] }) =>
  t.events.flatMap((e) =>
    e.type === "tool.result" && e.tool === "book_slot" && !e.error ? [(e.result as { booked: { slot_id: string } }).booked.slot_id] : [],
  );
const collect = () => {
  const events: TraceEvent[] = [];
  return { events, onEvent: (e: TraceEvent) => void events.push(e) };
};

describe("replay, fork and playback of a run recorded on another clock", () => {
  // D: the model reads "today" from its prompt; C: the booking service judges the hour over HTTP.
  const recorded: Record<string, Turn> = {};
  beforeAll(async () => {
    await freshDb();
    recorded.D = await turn("D", "Book court C tomorrow at 3pm", { userId: "recorder-d" });
    recorded.C = await turn("C", "Book court A tomorrow at 4pm", { userId: "recorder-c" });
    Object.assign(process.env, ELSEWHERE);
  });
  afterAll(() => {
    Object.assign(process.env, { PLAYGROUND_NOW: "2026-12-01T10:30:00", CLUB_TIMEZONE: "Europe/Amsterdam" });
    delete process.env.SIM_TAPE;
  });

  it("records the clock in run.start", () => {
    expect(recorded.D.status).toBe("ok");
    expect(booked(recorded.D)).toEqual(["2026-12-02_CourtC_1500"]);
    expect(recorded.D.events[0]).toMatchObject({ type: "run.start", clock: { ...RECORDED_CLOCK, source: "server" } });
  });

  for (const pattern of ["D", "C"]) {
    it(`pattern ${pattern}: a replay and a fork reproduce the run on its own clock`, async () => {
      const parent = recorded[pattern];
      const replay = collect();
      const replayed = await replayRun(
        {
          runId: parent.runId,
          userId: `recorder-${pattern.toLowerCase()}`,
          origin: "http://127.0.0.1:1",
          signal: new AbortController().signal,
        },
        replay.onEvent,
      );
      expect(replayed.reply).toBe(parent.reply);
      expect(replay.events[0]).toMatchObject({ type: "run.start", clock: { ...RECORDED_CLOCK, source: "parent" } });

      // A fork at the first exchange calls the model afresh: it must read the parent's day from its prompt, and book on it.
      const fork = collect();
      const forked = await (
        await planFork({ runId: parent.runId, userId: `forker-${pattern}`, origin: "http://127.0.0.1:1", at: 1 })
      )(new AbortController().signal, fork.onEvent);
      expect(forked.status).toBe("ok");
      expect(booked(fork)).toEqual(booked(parent));
      expect(forked.reply).toBe(parent.reply);
    });
  }

  it("SIM_TAPE plays a downloaded tape back on the tape's clock", async () => {
    const tape = await tapeDocument(recorded.D.runId, "recorder-d");
    const file = path.join(mkdtempSync(path.join(tmpdir(), "tape-clock-")), "tape.json");
    writeFileSync(file, JSON.stringify(tape));
    process.env.SIM_TAPE = file;
    await freshDb();
    const played = await turn("D", "Book court C tomorrow at 3pm", { userId: "audience" });
    expect(played.status).toBe("ok");
    expect(played.reply).toBe(recorded.D.reply);
    expect(played.events[0]).toMatchObject({ type: "run.start", clock: { ...RECORDED_CLOCK, source: "tape" } });
  });
});
