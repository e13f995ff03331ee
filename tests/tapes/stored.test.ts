import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { beforeAll, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SIM_LATENCY = "off";
import { pgliteRunner } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { decodeExchange, unpackRecording } from "@/lib/tapes/recording";

/** How tapes are stored: the schedule a run found outlives its sandbox, and tapes stored before packing still read. */
describe("a stored tape", () => {
  beforeAll(async () => {
    const { freshDb } = await import("../helpers");
    await freshDb();
  });

  it("keeps the schedule a run found after its sandbox has been removed", async () => {
    const { db } = await import("@/lib/db/client");
    const { createSandbox, removeSandbox } = await import("@/lib/domain/schedules");
    const { executeRun } = await import("@/lib/patterns/engine");
    const { loadTape } = await import("@/lib/tapes/store");
    const prisma = await db();
    const sandbox = await createSandbox("sandboxer", "demo");
    const found = await prisma.booking.findMany({
      where: { scheduleId: sandbox.id },
      orderBy: [{ date: "asc" }, { time: "asc" }, { courtId: "asc" }],
    });
    expect(found.length).toBeGreaterThan(5);
    const run = await executeRun(
      {
        pattern: "B",
        message: "Book court A tomorrow at 5pm",
        userId: "sandboxer",
        scheduleId: sandbox.id,
        origin: "http://127.0.0.1:1",
        signal: new AbortController().signal,
      },
      () => undefined,
    );
    expect(run.status).toBe("ok");
    await removeSandbox("sandboxer", sandbox.id);
    expect(await prisma.booking.count({ where: { scheduleId: sandbox.id } })).toBe(0);

    // The run's own booking came after it started: not part of what it found.
    expect((await loadTape(run.runId))?.schedule.bookings).toEqual(
      found.map((b) => ({ courtId: b.courtId, date: b.date, time: b.time, startsAt: b.startsAt.toISOString(), mine: false })),
    );
  });

  it("reads a tape stored before tapes were packed into their runs (the migration keeps it as JSON)", async () => {
    const all = path.join(process.cwd(), "prisma", "migrations");
    const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
    const lite = new PGlite("memory://");
    const runner = pgliteRunner(lite);
    try {
      const names = readdirSync(all).filter((n) => n < "20261130110000");
      for (const name of names) cpSync(path.join(all, name), path.join(dir, name), { recursive: true });
      await applyMigrations(runner, dir);
      const exchange = {
        seq: 1,
        node: "llm",
        vendor: "openai",
        protocol: "openai.chat",
        request: { method: "POST", url: "http://sim/v1/chat/completions", headers: {}, body: { model: "m", messages: [] } },
        response: { status: 200, headers: { "content-type": "application/json" }, body: { choices: [] } },
        ms: 3,
        hash: "abc",
      };
      await lite.exec(`INSERT INTO "Session" ("id", "userId", "updatedAt") VALUES ('ses_old', 'old-member', now());
        INSERT INTO "Run" ("id", "sessionId", "pattern", "input") VALUES ('run_old', 'ses_old', 'D', 'Book'), ('run_cut', 'ses_old', 'D', 'Book');`);
      await lite.query(
        `INSERT INTO "Tape" ("runId", "parentRunId", "forkedAt", "stateBefore", "schedule", "options", "exchanges", "toolResults")
         VALUES ('run_old', 'run_parent', 2, '{"messages":[]}', $1, '{"forceSim":true}', $2, '[]'),
                ('run_cut', NULL, NULL, '{}', '{"bookings":[]}', '{}', '', '')`,
        [
          JSON.stringify({
            bookings: [{ courtId: "A", date: "2026-12-02", time: "09:00", startsAt: "2026-12-02T08:00:00.000Z", mine: true }],
          }),
          JSON.stringify([exchange]),
        ],
      );

      cpSync(path.join(all, "20261130110000_tape_recordings"), path.join(dir, "20261130110000_tape_recordings"), { recursive: true });
      await applyMigrations(runner, dir);
      const rows = (await lite.query<{ id: string; tape: string | null }>(`SELECT "id", "tape" FROM "Run" ORDER BY "id"`)).rows;
      expect(rows.find((r) => r.id === "run_cut")?.tape).toBeNull();
      const recording = unpackRecording(rows.find((r) => r.id === "run_old")!.tape!);
      expect(recording).toMatchObject({
        parentRunId: "run_parent",
        forkedAt: 2,
        stateBefore: { messages: [] },
        options: { forceSim: true },
        schedule: { bookings: [{ courtId: "A", mine: true }] },
        toolResults: [],
      });
      expect(recording.exchanges.map(decodeExchange)).toEqual([exchange]);
    } finally {
      await lite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
