import { afterAll, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
import pg from "pg";
import { closeDb, dbKind, poolRunner } from "@/lib/db/client";
import { applyMigrations, readMigrations } from "@/lib/db/migrate";
import { book, listBookings } from "@/lib/domain/bookings";
import { AppError } from "@/lib/errors";
import { freshDb } from "./helpers";
import { postgresBinDir, startPostgres } from "./postgres";

const ATTEMPTS = 50;

/** 50 members race for one slot: exactly one wins, everyone else hears slot_taken, nothing else. */
async function race(slot: string) {
  const started = performance.now();
  const results = await Promise.allSettled(Array.from({ length: ATTEMPTS }, (_, i) => book(`racer-${i}`, slot)));
  const ms = performance.now() - started;
  const winners = results.filter((r) => r.status === "fulfilled");
  const codes = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as AppError).code] : []));
  return { winners: winners.length, codes, ms };
}

/** One member fires 10 bookings at once on one day: the per-day limit still holds. */
async function limitRace() {
  const slots = ["0800", "0900", "1000", "1100", "1200", "1300", "1400", "1500", "1600", "1700"].map((t) => `2026-12-09_CourtB_${t}`);
  const results = await Promise.allSettled(slots.map((s) => book("greedy", s)));
  return { ok: results.filter((r) => r.status === "fulfilled").length, held: (await listBookings("greedy")).length };
}

function assertRace(r: Awaited<ReturnType<typeof race>>) {
  expect(r.winners).toBe(1);
  expect(r.codes).toHaveLength(ATTEMPTS - 1);
  expect(new Set(r.codes)).toEqual(new Set(["slot_taken"]));
}

describe("concurrent bookings on PGlite", () => {
  it("lets exactly one of 50 parallel attempts win", async () => {
    await freshDb();
    expect(dbKind()).toBe("pglite");
    const r = await race("2026-12-08_CourtA_1500");
    console.info(`[concurrency] pglite: ${ATTEMPTS} attempts, ${r.winners} winner, ${r.ms.toFixed(0)} ms`);
    assertRace(r);
  });

  it("keeps the per-day limit under parallel attempts by one member", async () => {
    const r = await limitRace();
    expect(r).toEqual({ ok: 2, held: 2 });
  });
});

// Runs wherever Debian's postgresql package is installed; CI installs it, so there it must run.
describe.runIf(Boolean(postgresBinDir()) || process.env.CI === "true")("concurrent bookings on a real PostgreSQL server", () => {
  let stop = () => {};
  afterAll(async () => {
    await closeDb();
    stop();
  });

  it("lets exactly one of 50 parallel attempts win", async () => {
    await closeDb();
    const pg = await startPostgres();
    stop = pg.stop;
    process.env.DATABASE_URL = pg.url;
    await freshDb();
    expect(dbKind()).toBe("postgres");
    const r = await race("2026-12-08_CourtA_1500");
    console.info(`[concurrency] postgres: ${ATTEMPTS} attempts, ${r.winners} winner, ${r.ms.toFixed(0)} ms`);
    assertRace(r);
  });

  it("keeps the per-day limit under parallel attempts by one member", async () => {
    const r = await limitRace();
    expect(r).toEqual({ ok: 2, held: 2 });
  });

  it("applies migrations once when several instances start at the same moment", async () => {
    const url = process.env.DATABASE_URL!;
    const pools = [0, 1, 2].map(() => new pg.Pool({ connectionString: url.replace(/\/postgres$/, "/fresh") }));
    const admin = new pg.Pool({ connectionString: url });
    await admin.query("CREATE DATABASE fresh");
    const applied = await Promise.all(pools.map((pool) => applyMigrations(poolRunner(pool))));
    const committed = (await readMigrations()).length;
    expect(applied.flat()).toHaveLength(committed);
    const { rows } = await pools[0].query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    expect(rows[0].n).toBe(committed);
    await Promise.all([...pools, admin].map((p) => p.end()));
  });
});
