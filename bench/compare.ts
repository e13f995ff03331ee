/**
 * Compare runs every pattern at once, each in its own sandbox: how long the eight together take
 * against the slowest pattern alone, at the simulated model's realistic latency (target ≤ 1.2×),
 * and what a sandbox costs to create (one row and the seed's bookings). Run: npm run bench:compare
 */
import { createSandbox } from "@/lib/domain/schedules";
import { compareAll, compareOne } from "@/lib/patterns/compare";
import { SERVICES, SERVICE_NAMES } from "@/lib/patterns/services";
import { urlSetting } from "@/lib/services/client";
import { listenServices } from "@/lib/services/node-server";
import { PATTERN_IDS } from "@/lib/patterns/types";

// Settings are read when first used, so these still apply to the imports above.
process.env.SIM_LATENCY = "on";
if (!process.env.DATABASE_URL && !process.env.PGLITE_DIR) process.env.PGLITE_DIR = "memory://";

const MESSAGE = "Book a court tomorrow at 6pm";
const ROUNDS = 3;
const SANDBOXES = 30;
const base = {
  message: MESSAGE,
  userId: "bench-compare",
  options: { forceSim: true, simLatency: "on" as const },
  origin: "http://127.0.0.1:1",
  signal: new AbortController().signal,
};

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await fn();
  return [performance.now() - started, value];
}

async function main() {
  const { server, url } = await listenServices(SERVICES);
  for (const name of SERVICE_NAMES) process.env[urlSetting(name)] = url;
  try {
    // Warm-up: the database, the SDKs and every pattern's first run.
    await compareAll([...PATTERN_IDS], base);

    const sandboxMs =
      (
        await timed(async () => {
          for (let i = 0; i < SANDBOXES; i++) await createSandbox("bench-sandbox", "compare");
        })
      )[0] / SANDBOXES;

    const rows: { round: number; slowestAloneMs: number; slowest: string; parallelMs: number; ratio: number }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const alone: [string, number][] = [];
      for (const pattern of PATTERN_IDS) {
        const [ms, result] = await timed(() => compareOne({ ...base, pattern }));
        if (result.status !== "ok" || result.booked.length !== 1)
          throw new Error(`${pattern} did not book alone: ${result.status} ${result.reply}`);
        alone.push([pattern, ms]);
      }
      const [slowest, slowestAloneMs] = alone.reduce((a, b) => (b[1] > a[1] ? b : a));
      const [parallelMs, results] = await timed(() => compareAll([...PATTERN_IDS], base));
      const failed = results.filter((r) => r.status !== "ok" || r.booked.length !== 1);
      if (failed.length) throw new Error(`in parallel, ${failed.map((r) => r.pattern).join(", ")} did not book`);
      rows.push({
        round,
        slowestAloneMs: Math.round(slowestAloneMs),
        slowest,
        parallelMs: Math.round(parallelMs),
        ratio: Math.round((parallelMs / slowestAloneMs) * 100) / 100,
      });
    }
    console.table(rows);
    const ratios = rows.map((r) => r.ratio).sort((a, b) => a - b);
    console.log(`eight patterns in parallel / slowest alone: median ${ratios[Math.floor(ratios.length / 2)]}× (target ≤ 1.2×)`);
    console.log(`sandbox create (one row + seed bookings): ${sandboxMs.toFixed(1)} ms each, mean of ${SANDBOXES}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  process.exit(0);
}

void main();
