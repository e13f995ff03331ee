import { afterEach, describe, expect, it, vi } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
import { POST as openaiRoute } from "@/app/api/sim/openai/v1/[...path]/route";
import { MAX_PUBLIC_IN_FLIGHT_PER_ADDRESS, PUBLIC_MAX_WAIT_MS } from "@/lib/sim";

/**
 * Issue 26, item 9: one caller cannot starve the public simulated model. An address holds at most
 * its share of the requests in flight, and a body that trickles is given up on after 10 s, so
 * never-finishing bodies give their places back soon.
 */
const URL = "http://127.0.0.1/api/sim/openai/v1/chat/completions";
/** A timeout fault (counted per run id, so each request its own) holds a request until the waiting budget ends. */
const hang = (i: number) => ({ "x-sim-chaos": JSON.stringify({ vendorError: { status: "timeout", times: 1 }, runId: `starve-${i}` }) });

function chat(from: string, headers: Record<string, string> = {}): Promise<Response> {
  return openaiRoute(
    new Request(URL, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": from, ...headers },
      body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }),
    }),
  );
}

/** Headers, then a first chunk, then nothing: a body that never finishes. */
function trickle(from: string): Promise<Response> {
  const body = new ReadableStream<Uint8Array>({ start: (controller) => controller.enqueue(new TextEncoder().encode('{"model":')) });
  return openaiRoute(
    new Request(URL, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": from },
      body,
      duplex: "half",
    } as RequestInit),
  );
}

afterEach(() => {
  vi.useRealTimers();
});

describe("one caller cannot starve the public simulated model", () => {
  it("answers 429 to an address past its share of the requests in flight, while other addresses are served", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const held = Array.from({ length: MAX_PUBLIC_IN_FLIGHT_PER_ADDRESS }, (_, i) => chat("203.0.113.66", hang(i)));
    await vi.advanceTimersByTimeAsync(10);
    const refused = await chat("203.0.113.66");
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.message).toMatch(/your address/i);
    expect((await chat("203.0.113.7")).status).toBe(200);
    await vi.advanceTimersByTimeAsync(PUBLIC_MAX_WAIT_MS);
    expect((await Promise.all(held)).map((r) => r.status)).toEqual(held.map(() => 504));
    expect((await chat("203.0.113.66")).status).toBe(200);
  });

  it("gives up on bodies that trickle after 10 s, giving their places back", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const slow = Array.from({ length: MAX_PUBLIC_IN_FLIGHT_PER_ADDRESS }, () => trickle("203.0.113.99"));
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await Promise.all(slow)).map((r) => r.status)).toEqual(slow.map(() => 408));
    expect((await chat("203.0.113.99")).status).toBe(200);
  });
});
