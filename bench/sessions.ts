/**
 * Concurrent sessions: K members each send a turn at the same moment, through the engine on the
 * simulated model and the configured database (in-memory PGlite unless DATABASE_URL is set).
 * Latency off shows the throughput ceiling of one process; latency on shows whether members wait
 * for each other (ideal: K concurrent runs take as long as one). Run: npm run bench:sessions
 */
import { executeRun } from "@/lib/patterns/engine";
import type { PatternId } from "@/lib/patterns/types";
import { ASK } from "./measure";

process.env.SIM_LATENCY = "off";
if (!process.env.DATABASE_URL && !process.env.PGLITE_DIR) process.env.PGLITE_DIR = "memory://";

const PATTERN: PatternId = "D";
const LEVELS = [1, 8, 32];

let member = 0;
async function wave(k: number, simLatency: "on" | "off"): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: k }, () =>
      executeRun(
        {
          pattern: PATTERN,
          message: ASK,
          userId: `bench-member-${++member}`,
          origin: "http://127.0.0.1:1",
          signal: new AbortController().signal,
          options: { forceSim: true, simLatency },
        },
        () => {},
      ),
    ),
  );
  return performance.now() - started;
}

console.log(`"${ASK}" through pattern ${PATTERN}, K members at once, ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`);
console.log("latency  K   wall ms  runs/s  × one run's time");
for (const latency of ["off", "on"] as const) {
  await wave(4, latency);
  const single = await wave(1, latency);
  for (const k of LEVELS) {
    const ms = k === 1 ? single : await wave(k, latency);
    console.log(
      `${latency.padEnd(7)}  ${String(k).padStart(2)}  ${ms.toFixed(0).padStart(7)}  ${((k * 1000) / ms).toFixed(1).padStart(6)}  ${(ms / single).toFixed(2).padStart(6)}`,
    );
  }
}
process.exit(0);
