import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    // Each file gets its own in-memory database; two cores, so two workers.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Rate limits off: suites start many runs quickly as one member; tests/security turns them on where it tests them.
    env: {
      PGLITE_DIR: "memory://",
      SIM_LATENCY: "off",
      NEXT_TELEMETRY_DISABLED: "1",
      OPENAI_AGENTS_DISABLE_TRACING: "0",
      RATE_LIMIT_MEMBER_PER_MIN: "0",
      RATE_LIMIT_ADDRESS_PER_MIN: "0",
      RATE_LIMIT_IDENTITY_PER_MIN: "0",
    },
  },
});
