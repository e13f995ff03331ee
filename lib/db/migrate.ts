import { createHash, randomUUID } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";

/**
 * Applies prisma/migrations in order and records them in `_prisma_migrations`, the table
 * `prisma migrate deploy` uses, so a machine with the Prisma CLI's engine agrees with us. Runs
 * in-process because the CLI's schema-engine binary cannot be downloaded here.
 */
export type SqlRunner = {
  exec(sql: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
};

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Serialises migrators across app instances sharing one PostgreSQL server.
const ADVISORY_LOCK_KEY = 72_707_369;

function migrationsDir(): string {
  return path.join(process.cwd(), "prisma", "migrations");
}

async function readMigrations(dir = migrationsDir()): Promise<{ name: string; sql: string; checksum: string }[]> {
  // Read at run time from the checkout; the ignore hints keep the bundler from tracing the whole project.
  const entries = (await readdir(/* turbopackIgnore: true */ dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    entries.map(async (name) => {
      const sql = await readFile(/* turbopackIgnore: true */ path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

/** Returns the names of the migrations it applied (empty when the database was up to date). */
export async function applyMigrations(db: SqlRunner, dir = migrationsDir()): Promise<string[]> {
  await db.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
  try {
    await db.exec(MIGRATIONS_TABLE);
    const done = await db.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Map(done.map((r) => [r.migration_name, r.checksum]));
    const ran: string[] = [];
    for (const m of await readMigrations(dir)) {
      const known = applied.get(m.name);
      if (known) {
        if (known !== m.checksum) throw new Error(`Migration ${m.name} was edited after it was applied (checksum differs).`);
        continue;
      }
      await db.exec(`BEGIN;\n${m.sql}\n;COMMIT;`).catch(async (error) => {
        await db.exec("ROLLBACK").catch(() => undefined);
        throw new Error(`Migration ${m.name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      });
      await db.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), now(), 1)`,
        [randomUUID(), m.checksum, m.name],
      );
      ran.push(m.name);
    }
    return ran;
  } finally {
    await db.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]);
  }
}
