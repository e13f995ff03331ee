import { afterEach, describe, expect, it, vi } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
import { POST as anthropicRoute } from "@/app/api/sim/anthropic/[...path]/route";
import { POST as openaiRoute } from "@/app/api/sim/openai/v1/[...path]/route";
import { MAX_PUBLIC_IN_FLIGHT, PUBLIC_BODY_TIMEOUT_MS, PUBLIC_MAX_WAIT_MS } from "@/lib/sim";
import type { Turn } from "@/lib/sim/brain";
import { READ_LIMITS, boundConversation } from "@/lib/sim/bounds";
import { AgentSessions } from "@/lib/sim/sessions";

/**
 * Issue 10, item 2's siblings on the public sim: what an anonymous caller can make the server do
 * with the chaos and latency headers (wait, hold requests open, spend another caller's faults),
 * and the bounds on what the sim keeps and reads.
 */
const chaos = (c: Record<string, unknown>) => ({ "x-sim-chaos": JSON.stringify(c) });

function chat(headers: Record<string, string>, content = "hi", signal?: AbortSignal): Promise<Response> {
  return openaiRoute(
    new Request("http://127.0.0.1/api/sim/openai/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ model: "m", messages: [{ role: "user", content }] }),
      signal,
    }),
  );
}

function settles<T>(promise: Promise<T>): { done: boolean } {
  const state = { done: false };
  void promise.then(
    () => (state.done = true),
    () => (state.done = true),
  );
  return state;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("what a public caller can make the simulated model wait", () => {
  it("ends a timeout fault after at most the public waiting budget, with a 504 in the vendor's shape", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const pending = chat(chaos({ vendorError: { status: "timeout", times: 1 }, runId: "abuse-timeout" }));
    const state = settles(pending);
    await vi.advanceTimersByTimeAsync(PUBLIC_MAX_WAIT_MS - 1000);
    expect(state.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(state.done).toBe(true);
    const res = await pending;
    expect(res.status).toBe(504);
    expect(await res.json()).toMatchObject({ error: { type: "server_error", code: "timeout" } });
  });

  it("bounds modelled latency with slowModel on a large prompt to the same budget", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    // ~125,000 prompt tokens: modelled time to first token alone is 5 × 6.6 s, slowed down.
    const prompt = "lorem ipsum dolor sit amet ".repeat(18_500);
    const res = await anthropicRoute(
      new Request("http://127.0.0.1/api/sim/anthropic/v1/messages", {
        method: "POST",
        headers: { "content-type": "application/json", "x-sim-latency": "on", ...chaos({ slowModel: true }) },
        body: JSON.stringify({ model: "c", max_tokens: 100, messages: [{ role: "user", content: prompt }], stream: true }),
      }),
    );
    expect(res.status).toBe(200);
    const text = res.text();
    const state = settles(text);
    await vi.advanceTimersByTimeAsync(PUBLIC_MAX_WAIT_MS);
    expect(state.done).toBe(true);
    expect(await text).toContain("event: message_stop");
  });

  it("answers 429 at once, in the vendor's shape, past the requests it works on at once", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    // Each from its own address, past the share one address may hold.
    const hanging = Array.from({ length: MAX_PUBLIC_IN_FLIGHT }, (_, i) =>
      chat({ ...chaos({ vendorError: { status: "timeout", times: 1 }, runId: `abuse-hold-${i}` }), "x-forwarded-for": `198.51.100.${i}` }),
    );
    await vi.advanceTimersByTimeAsync(10);
    const refused = await chat({});
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { type: "requests", code: "rate_limit_exceeded" } });
    await vi.advanceTimersByTimeAsync(PUBLIC_MAX_WAIT_MS);
    expect((await Promise.all(hanging)).map((r) => r.status)).toEqual(hanging.map(() => 504));
    expect((await chat({})).status).toBe(200);
  });

  it("gives up on a body that does not arrive in time (408), freeing its place", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    // A slow sender: the headers arrive, the body never does.
    const trickle = new ReadableStream<Uint8Array>({ start: (controller) => controller.enqueue(new TextEncoder().encode('{"model":')) });
    const pending = openaiRoute(
      new Request("http://127.0.0.1/api/sim/openai/v1/chat/completions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: trickle,
        duplex: "half",
      } as RequestInit),
    );
    const state = settles(pending);
    await vi.advanceTimersByTimeAsync(PUBLIC_BODY_TIMEOUT_MS - 1000);
    expect(state.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    const res = await pending;
    expect(res.status).toBe(408);
    expect(await res.json()).toMatchObject({ error: { type: "invalid_request_error" } });
  });

  it("counts chaos faults per caller, so nobody can use up another caller's", async () => {
    const fault = chaos({ vendorError: { status: 500, times: 1 }, runId: "abuse-shared-run" });
    expect((await chat({ ...fault, authorization: "Bearer sk-alice" })).status).toBe(500);
    expect((await chat({ ...fault, authorization: "Bearer sk-mallory" })).status).toBe(500);
    expect((await chat({ ...fault, authorization: "Bearer sk-alice" })).status).toBe(200);
  });
});

describe("what the simulated model keeps and reads is bounded", () => {
  const text = (t: string): Turn => ({ role: "user", text: t });

  it("keeps at most so many agent sessions per caller and in all, least recently used first", async () => {
    const sessions = new AgentSessions(4, 2);
    for (const id of ["a1", "a2", "a3"]) await sessions.save("alice", id, { messages: [text(id)] });
    expect(await sessions.get("alice", "a1")).toBeUndefined();
    expect(await sessions.get("alice", "a3")).toBeDefined();
    for (const owner of ["bob", "carol", "dave"]) await sessions.save(owner, "s", { messages: [text(owner)] });
    expect(await sessions.get("alice", "a2")).toBeUndefined();
    for (const k of ["alice/a3", "bob/s", "carol/s", "dave/s"]) expect(await sessions.get(k.split("/")[0], k.split("/")[1])).toBeDefined();
    await sessions.end("bob", "s");
    expect(await sessions.get("bob", "s")).toBeUndefined();
  });

  it("keeps only the recent history of a long agent session", async () => {
    const sessions = new AgentSessions(500, 50);
    await sessions.save("alice", "long", { messages: Array.from({ length: 500 }, (_, i) => text(`turn ${i} ${"x".repeat(20_000)}`)) });
    const kept = (await sessions.get("alice", "long"))!.messages;
    expect(kept.length).toBeLessThanOrEqual(READ_LIMITS.messages);
    expect(kept.at(-1)).toMatchObject({ text: expect.stringMatching(/^turn 499 /) });
    expect(kept.every((m) => "text" in m && m.text.length <= READ_LIMITS.charsPerMessage)).toBe(true);
  });

  it("reads a bounded window of any conversation: the newest turns, each clipped", () => {
    const messages = Array.from({ length: 10_000 }, (_, i) => text(`message ${i} ${"y".repeat(30_000)}`));
    const read = boundConversation({
      system: "s".repeat(1_000_000),
      messages,
      tools: Array.from({ length: 1000 }, (_, i) => ({ name: `tool_${i}`, description: "d".repeat(100_000) })),
    });
    const chars = read.messages.reduce((n, m) => n + ("text" in m ? m.text.length : 0), 0);
    expect(read.messages.at(-1)).toMatchObject({ text: expect.stringMatching(/^message 9999 /) });
    expect(chars).toBeLessThanOrEqual(READ_LIMITS.totalChars + READ_LIMITS.charsPerMessage);
    expect(read.system!.length).toBeLessThanOrEqual(READ_LIMITS.charsPerMessage);
    expect(read.tools.length).toBe(READ_LIMITS.tools);
    expect(read.tools.every((t) => (t.description ?? "").length <= READ_LIMITS.toolDescriptionChars)).toBe(true);
  });
});
