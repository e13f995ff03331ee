import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import pg from "pg";
import { env } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { applyMigrations, type SqlRunner } from "./migrate";
import { seedIfEmpty } from "./seed";
import type { Db } from "./types";

export type DbKind = "pglite" | "postgres";

type Opened = { prisma: Db; kind: DbKind; close(): Promise<void> };

/**
 * The one Prisma client. PGlite (embedded PostgreSQL in a local folder) unless DATABASE_URL names
 * a server. Opened on first use at request time, never at build time, and kept on globalThis so
 * Next's dev reloads do not open the data folder twice.
 */
const holder = globalThis as unknown as { __playgroundDb?: Promise<Opened> };

export function db(): Promise<Db> {
  return opened().then((o) => o.prisma);
}

export function dbKind(): DbKind {
  return env().DATABASE_URL ? "postgres" : "pglite";
}

export function opened(): Promise<Opened> {
  holder.__playgroundDb ??= open().catch((error) => {
    holder.__playgroundDb = undefined;
    throw error;
  });
  return holder.__playgroundDb;
}

export async function closeDb(): Promise<void> {
  const current = holder.__playgroundDb;
  holder.__playgroundDb = undefined;
  if (current) await (await current).close();
}

/**
 * A booking in a burst waits its turn for a connection (the pool has 10; PGlite has one) instead of
 * failing: Prisma's default is to give up after 2 s, which a loaded 2-core machine exceeds with 50
 * bookings at once (seen as P2028 in the race test). Each transaction is short; the ceiling still bounds it.
 */
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 15_000 };

async function open(): Promise<Opened> {
  const { DATABASE_URL, PGLITE_DIR } = env();
  if (DATABASE_URL) {
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10 });
    await applyMigrations(poolRunner(pool));
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions: TRANSACTION_OPTIONS });
    await seedIfEmpty(prisma);
    return {
      prisma,
      kind: "postgres",
      close: async () => {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }
  const releaseLock = PGLITE_DIR.startsWith("memory://") ? () => undefined : lockDataDir(PGLITE_DIR);
  const lite = new PGlite(PGLITE_DIR);
  await applyMigrations(pgliteRunner(lite));
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(lite), transactionOptions: TRANSACTION_OPTIONS });
  await seedIfEmpty(prisma);
  return {
    prisma,
    kind: "pglite",
    close: async () => {
      await prisma.$disconnect();
      await lite.close();
      releaseLock();
    },
  };
}

export function pgliteRunner(lite: PGlite): SqlRunner {
  return {
    exec: async (sql) => {
      await lite.exec(sql);
    },
    query: async <T>(sql: string, params: unknown[] = []) => (await lite.query<T>(sql, params)).rows,
  };
}

export function poolRunner(pool: pg.Pool): SqlRunner {
  // Migrations hold one connection so the advisory lock and BEGIN/COMMIT share a session.
  let client: pg.PoolClient | undefined;
  const conn = async () => (client ??= await pool.connect());
  return {
    exec: async (sql) => {
      await (await conn()).query(sql);
    },
    query: async <T>(sql: string, params: unknown[] = []) => {
      const c = await conn();
      const res = await c.query(sql, params);
      if (/pg_advisory_unlock/.test(sql)) {
        c.release();
        client = undefined;
      }
      return res.rows as T[];
    },
  };
}

/** PGlite has no cross-process lock: refuse a second process on the same folder instead of corrupting it. */
function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lockFile = path.join(dir, "playground.lock");
  try {
    const holderPid = Number(readFileSync(lockFile, "utf8"));
    if (holderPid && holderPid !== process.pid && isAlive(holderPid)) {
      throw new Error(
        `The embedded database in ${dir} is open in another process (pid ${holderPid}). Stop it, or set PGLITE_DIR to another folder.`,
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A killed process that nobody has reaped yet (a zombie: its parent died with it) still answers
  // signal 0, but holds no file open; on Linux its state in /proc says so.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(") ") + 2, stat.lastIndexOf(") ") + 3) !== "Z";
  } catch {
    return true;
  }
}
