import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SIM_LATENCY = "off";
process.env.SESSION_SECRET = "security-test-secret-long-enough";
import * as chat from "@/app/api/chat/route";
import * as cont from "@/app/api/runs/[id]/continue/route";
import { db } from "@/lib/db/client";
import { executeRun, type RunOutcome } from "@/lib/patterns/engine";
import type { TraceEvent } from "@/lib/trace/events";
import { freshDb } from "../helpers";
import { answer, noParams, request, withId } from "./requests";

/** A step-mode run of `userId` started in the background; `paused` resolves at its first hold. */
function heldRun(userId: string, address?: string) {
  const abort = new AbortController();
  let pausedAt: (runId: string) => void = () => undefined;
  const paused = new Promise<string>((resolve) => (pausedAt = resolve));
  const done: Promise<RunOutcome> = executeRun(
    {
      pattern: "D",
      message: "What is free tomorrow at 3pm?",
      userId,
      address,
      options: { stepMode: true, simLatency: "off" },
      origin: "http://127.0.0.1:1",
      signal: abort.signal,
    },
    (e: TraceEvent) => {
      if (e.type === "node.paused") pausedAt(e.runId);
    },
  );
  return { paused, done, stop: () => abort.abort() };
}

const startStepRun = (as: string, headers: Record<string, string> = {}) =>
  chat
    .POST(
      request("/api/chat", { as, method: "POST", headers, body: { pattern: "D", message: "Hi", options: { stepMode: true } } }),
      noParams,
    )
    .then(answer);

describe("item 2: paused step-mode runs cannot exhaust the server", () => {
  const held: ReturnType<typeof heldRun>[] = [];
  beforeEach(async () => {
    await freshDb();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const run of held.splice(0)) run.stop();
    delete process.env.STEP_RUNS_PER_MEMBER;
    delete process.env.STEP_RUNS_PER_ADDRESS;
    delete process.env.STEP_RUNS_PER_SERVER;
    delete process.env.TRUST_PROXY;
  });

  it("a member, an address and the server each hold at most their cap of step-mode runs: 429 with the reason", async () => {
    process.env.STEP_RUNS_PER_MEMBER = "2";
    process.env.STEP_RUNS_PER_ADDRESS = "3";
    process.env.STEP_RUNS_PER_SERVER = "4";
    process.env.TRUST_PROXY = "1";
    const from = (ip: string) => ({ "x-forwarded-for": ip });
    for (const member of ["m1", "m1"]) held.push(heldRun(member, "198.51.100.1"));
    await Promise.all(held.map((r) => r.paused));

    const member = await startStepRun("m1", from("198.51.100.9"));
    expect(member.status).toBe(429);
    expect(member.json.error).toMatchObject({
      code: "rate_limited",
      message: expect.stringMatching(/You already have 2 runs waiting in step mode/),
    });

    held.push(heldRun("m2", "198.51.100.1"));
    await held[2].paused;
    const address = await startStepRun("m3", from("198.51.100.1"));
    expect(address.status).toBe(429);
    expect(address.json.error.message).toMatch(/Your network already has 3 runs waiting in step mode/);

    held.push(heldRun("m4", "198.51.100.2"));
    await held[3].paused;
    const server = await startStepRun("m5", from("198.51.100.3"));
    expect(server.status).toBe(429);
    expect(server.json.error.message).toMatch(/This server already holds 4 runs in step mode/);

    // A run that ends gives its place back.
    held[3].stop();
    await held[3].done;
    const admitted = await chat.POST(
      request("/api/chat", {
        as: "m5",
        method: "POST",
        headers: from("198.51.100.3"),
        body: { pattern: "D", message: "Hi", options: { stepMode: true } },
      }),
      noParams,
    );
    expect(admitted.status).toBe(200);
    await admitted.body?.cancel();
  });

  it("a held run reads its gate only when woken: no polling while it waits, and a continue wakes it", async () => {
    const run = heldRun("sleeper");
    held.push(run);
    const runId = await run.paused;
    const prisma = await db();
    const reads = vi.spyOn(prisma.stepGate, "findUnique");
    // A while held: a poller would read its gate every few hundred ms; a woken run not once.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(reads).not.toHaveBeenCalled();
    const res = await answer(await cont.POST(request(`/api/runs/${runId}/continue`, { as: "sleeper", method: "POST" }), withId(runId)));
    expect(res.status).toBe(200);
    // Woken, it reads its gate again and goes on to its next hold.
    await vi.waitFor(() => expect(reads.mock.calls.length).toBeGreaterThanOrEqual(2), { timeout: 60_000 });
  });
});
