import { defineConfig } from "prisma/config";

// The CLI downloads a schema-engine binary for every command; `generate` does not need it,
// so point it at any existing file when none is configured (users with internet are unaffected).
// Migrations run in-process instead: see lib/db/migrate.ts and scripts/migrate.ts.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "prisma.config.ts";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
