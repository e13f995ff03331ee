import { beforeEach, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SIM_LATENCY = "off";
process.env.SESSION_SECRET = "security-test-secret-long-enough";
import * as runById from "@/app/api/runs/[id]/route";
import * as tapes from "@/app/api/tapes/route";
import { db } from "@/lib/db/client";
import { packRecording } from "@/lib/tapes/recording";
import { tapeDocument } from "@/lib/tapes/store";
import type { Tape } from "@/lib/tapes/format";
import { MAX_RUN_EVENTS, MAX_TOOL_CALLS_PER_TURN, type TraceEvent } from "@/lib/trace/events";
import { RUN_EVENTS_PAGE } from "@/lib/trace/store";
import { freshDb } from "../helpers";
import { turn } from "../patterns/harness";
import { call, calls, say, ScriptedModel } from "../patterns/scripted";
import { answer, noParams, request, withId } from "./requests";

const ASKED = 20;
const manyChecks = () =>
  calls(...Array.from({ length: ASKED }, () => ({ name: "check_availability", args: { date: "2026-12-02", time: "15:00" } })));

describe("item 1: one run cannot execute thousands of tool calls", () => {
  beforeEach(async () => {
    await freshDb();
  });

  it.each(["D", "E", "H"] as const)(
    "pattern %s: runs at most the cap of a turn's calls, refuses the rest with an error the model reads, and draws it",
    async (pattern) => {
      const model = new ScriptedModel([manyChecks(), say("Here is what is free.")]);
      const run = await turn(pattern, "What is free tomorrow at 3pm?", { userId: `greedy-${pattern}`, script: model });
      expect(run.status).toBe("ok");
      expect(run.events.filter((e) => e.type === "tool.result")).toHaveLength(MAX_TOOL_CALLS_PER_TURN);
      expect(run.events.some((e) => e.type === "decision" && e.by === "code" && /refuse the tool calls beyond 8/.test(e.choice))).toBe(
        true,
      );
      expect(JSON.stringify(model.seen[1])).toContain("too_many_tool_calls");
    },
  );

  it("a run that reaches its events' bound ends with a clear error, and is read back a page at a time", async () => {
    const endless = Array.from({ length: 3 * MAX_RUN_EVENTS }, (_, i) => `word${i}`).join(" ");
    const run = await turn("D", "Tell me everything", { userId: "chatty", script: new ScriptedModel([say(endless)]) });
    expect(run.status).toBe("error");
    expect(run.events.length).toBeLessThanOrEqual(MAX_RUN_EVENTS);
    expect(run.events.find((e) => e.type === "error")).toMatchObject({ code: "event_cap", message: expect.stringMatching(/5000 events/) });
    expect(run.events.at(-1)).toMatchObject({ type: "run.end", status: "error" });

    const read = (query = "") => runById.GET(request(`/api/runs/${run.runId}${query}`, { as: "viewer" }), withId(run.runId)).then(answer);
    const first = await read();
    expect(first.status).toBe(200);
    expect(first.json.events).toHaveLength(RUN_EVENTS_PAGE);
    const events: TraceEvent[] = [...first.json.events];
    for (let next = first.json.nextAfter; next !== undefined;) {
      const page = await read(`?after=${next}`);
      events.push(...page.json.events);
      next = page.json.nextAfter;
    }
    expect(events.map((e) => e.seq)).toEqual(run.events.map((e) => e.seq));
    expect((await read("?limit=5")).json.events).toHaveLength(5);
    for (const bad of ["?limit=0", `?limit=${RUN_EVENTS_PAGE + 1}`, "?after=-1", "?after=x"]) expect((await read(bad)).status).toBe(400);
  });

  it("neither an upload nor a run's tape option carries more tool calls in one turn than run", async () => {
    const recorded = await turn("D", "What is free tomorrow at 3pm?", {
      userId: "recorder",
      script: new ScriptedModel([call("my_bookings"), say("None.")]),
    });
    const tape = (await tapeDocument(recorded.runId, "recorder"))!;
    const first = tape.exchanges[0];
    const greedy = {
      t: 0,
      data: {
        choices: [
          {
            index: 0,
            delta: {
              tool_calls: Array.from({ length: ASKED }, (_, i) => ({
                index: i,
                id: `c${i}`,
                type: "function",
                function: { name: "my_bookings", arguments: "{}" },
              })),
            },
          },
        ],
      },
    };
    const hostile: Tape = {
      ...tape,
      exchanges: [
        { ...first, response: { ...first.response, frames: [greedy, ...(first.response.frames ?? [])] } },
        ...tape.exchanges.slice(1),
      ],
    };
    const uploaded = await answer(await tapes.POST(request("/api/tapes", { as: "uploader", method: "POST", body: hostile }), noParams));
    expect(uploaded.status).toBe(400);
    expect(uploaded.json.error.message).toMatch(/Exchange 1 of the tape asks for 20 tool calls in one turn; a pattern runs at most 8/);

    // A tape stored before uploads were held to the cap is refused as a run's playback too, and no run is stored for it.
    const prisma = await db();
    await prisma.session.create({ data: { id: "ses_greedy-tape-0", userId: "uploader" } });
    await prisma.run.create({
      data: {
        id: "run_greedy-tape-0",
        sessionId: "ses_greedy-tape-0",
        pattern: "D",
        input: tape.run.input,
        status: "ok",
        tape: packRecording({
          parentRunId: null,
          forkedAt: null,
          stateBefore: undefined,
          options: {},
          schedule: tape.schedule,
          exchanges: hostile.exchanges,
          toolResults: [],
        }),
      },
    });
    const runs = await prisma.run.count();
    await expect(turn("D", tape.run.input, { userId: "player", options: { tape: "run_greedy-tape-0" } })).rejects.toMatchObject({
      code: "bad_request",
      message: expect.stringMatching(/asks for 20 tool calls/),
    });
    expect(await prisma.run.count()).toBe(runs);
  });
});
