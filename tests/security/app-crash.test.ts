import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TraceEvent } from "@/lib/trace/events";
import { ensureBuilt, startBuiltServer, type BuiltServer } from "../support/built-server";

const SERVER_ENV = {
  PLAYGROUND_NOW: "2026-12-01T10:30:00",
  CLUB_TIMEZONE: "Europe/Amsterdam",
  SESSION_SECRET: "built-server-secret-long-enough",
  SIM_LATENCY: "on",
};

/** A crash: the whole process group (npm and the server) dies at once, with no chance to clean up. */
async function crash(server: BuiltServer): Promise<void> {
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  process.kill(-server.child.pid!, "SIGKILL");
  await exited;
}

/**
 * Issue 10, item 6, against the built server: SIGKILL it in the middle of a run (simulated latency
 * on, right after the booking), start it again on the same embedded database, and the run is
 * closed as `interrupted` with a final run.end, its booking recorded in the trace and the database.
 */
describe("a run cut short by a crash", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "playground-crash-"));
  let server: BuiltServer | undefined;

  beforeAll(async () => {
    await ensureBuilt();
  }, 600_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it("is closed as interrupted on restart, and the bookings agree with its trace", async () => {
    server = await startBuiltServer({ ...SERVER_ENV, PGLITE_DIR: dir });
    const res = await fetch(`${server.url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ pattern: "D", message: "Book court B tomorrow at 3pm", options: { simLatency: "on" } }),
    });
    const cookie = res.headers.get("set-cookie")!.split(";")[0];
    const seen: TraceEvent[] = [];
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = "";
    while (!seen.some((e) => e.type === "tool.result" && e.tool === "book_slot")) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the run ended before booking: ${JSON.stringify(seen.at(-1))}`);
      buffered += value;
      const blocks = buffered.split("\n\n");
      buffered = blocks.pop()!;
      for (const block of blocks) seen.push(JSON.parse(block.replace(/^data: /, "")));
    }
    const runId = seen[0].runId;
    // The member is still waiting for the confirmation to stream when the process dies.
    await crash(server);
    await reader.cancel().catch(() => undefined);

    server = await startBuiltServer({ ...SERVER_ENV, PGLITE_DIR: dir });
    const run = await (await fetch(`${server.url}/api/runs/${runId}`, { headers: { cookie } })).json();
    expect(run.status).toBe("interrupted");
    const events = run.events as TraceEvent[];
    expect(events.at(-1)).toMatchObject({ type: "run.end", status: "interrupted" });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === "run.end")).toHaveLength(1);

    const booked = events.flatMap((e) =>
      e.type === "tool.result" && e.tool === "book_slot" && !e.error ? [(e.result as { booked: { slot_id: string } }).booked.slot_id] : [],
    );
    expect(booked).toEqual(["2026-12-02_CourtB_1500"]);
    const held = await (await fetch(`${server.url}/api/bookings`, { headers: { cookie } })).json();
    expect(held.bookings.map((b: { slot_id: string }) => b.slot_id)).toEqual(booked);

    // The restarted server runs normally on the same folder.
    const next = await fetch(`${server.url}/api/patterns/d/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ message: "What courts are free tomorrow at 4pm?" }),
    });
    expect((await next.json()).status).toBe("ok");
  }, 300_000);
});
