import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "security-test-secret-long-enough";
import * as patternChat from "@/app/api/patterns/[id]/chat/route";
import * as runById from "@/app/api/runs/[id]/route";
import * as runs from "@/app/api/runs/route";
import { executeRun } from "@/lib/patterns/engine";
import { appOrigin } from "@/lib/env";
import type { TraceEvent } from "@/lib/trace/events";
import { freshDb } from "../helpers";
import { answer, noParams, request, withId } from "./requests";

describe("a shared run link addresses no conversation", () => {
  beforeEach(async () => {
    await freshDb();
  });

  it("only the conversation's owner sees its session id, in the run and in run.start", async () => {
    const made = await answer(
      await patternChat.POST(
        request("/api/patterns/d/chat", { as: "sharer", method: "POST", body: { message: "What courts are free tomorrow at 4pm?" } }),
        withId("d"),
      ),
    );
    const mine = await answer(await runById.GET(request(`/api/runs/${made.json.run_id}`, { as: "sharer" }), withId(made.json.run_id)));
    expect(mine.json.sessionId).toBe(made.json.session_id);
    expect(mine.json.events[0]).toMatchObject({ type: "run.start", sessionId: made.json.session_id });

    const shared = await answer(await runById.GET(request(`/api/runs/${made.json.run_id}`, { as: "viewer" }), withId(made.json.run_id)));
    expect(shared.status).toBe(200);
    expect(shared.json.events.length).toBe(mine.json.events.length);
    expect(JSON.stringify(shared.json)).not.toContain(made.json.session_id);
    const anonymous = await answer(await runById.GET(request(`/api/runs/${made.json.run_id}`), withId(made.json.run_id)));
    expect(JSON.stringify(anonymous.json)).not.toContain(made.json.session_id);

    const listed = await answer(await runs.GET(request(`/api/runs?sessionId=${made.json.session_id}`, { as: "viewer" }), noParams));
    expect(listed).toMatchObject({ status: 404, json: { error: { code: "not_found" } } });
    expect((await runs.GET(request(`/api/runs?sessionId=${made.json.session_id}`, { as: "sharer" }), noParams)).status).toBe(200);
  });
});

describe("a member hanging up is aborted, quietly", () => {
  beforeEach(async () => {
    await freshDb();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(["D", "E", "H"] as const)("pattern %s: no error log, no stack trace, status aborted", async (pattern) => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const abort = new AbortController();
    const events: TraceEvent[] = [];
    const outcome = await executeRun(
      {
        pattern,
        message: "Book me a court for tomorrow at 3pm",
        userId: `quiet-${pattern}`,
        origin: "http://127.0.0.1:1",
        signal: abort.signal,
      },
      (e) => {
        events.push(e);
        if (e.type === "llm.request" && !abort.signal.aborted) abort.abort();
      },
    );
    expect(outcome.status).toBe("aborted");
    expect(events.find((e) => e.type === "error")).toMatchObject({ code: "aborted" });
    expect(logged).not.toHaveBeenCalled();
  });
});

describe("C and G reach their services at a configured origin, never the request's Host (item 14)", () => {
  beforeEach(async () => {
    await freshDb();
  });
  afterEach(() => {
    delete process.env.APP_ORIGIN;
    delete process.env.PORT;
  });

  it("defaults to this server on loopback and follows APP_ORIGIN", () => {
    process.env.PORT = "4321";
    expect(appOrigin()).toBe("http://127.0.0.1:4321");
    process.env.APP_ORIGIN = "https://club.example.org/ignored/path";
    expect(appOrigin()).toBe("https://club.example.org");
  });

  it.each(["c", "g"])("pattern %s sends its signed calls to APP_ORIGIN whatever Host the request names", async (id) => {
    process.env.APP_ORIGIN = "http://127.0.0.1:9";
    const forged = new Request("http://attacker.example:8080/api/patterns/x/chat", {
      method: "POST",
      headers: { "content-type": "application/json", host: "attacker.example:8080" },
      body: JSON.stringify({ message: "Book court B tomorrow at 3pm" }),
    });
    const res = await answer(await patternChat.POST(forged, withId(id)));
    const run = await answer(await runById.GET(request(`/api/runs/${res.json.run_id}`), withId(res.json.run_id)));
    const urls = (run.json.events as TraceEvent[]).flatMap((e) => (e.type === "http.request" ? [e.url] : []));
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:9\/api\/services\//);
  });
});
