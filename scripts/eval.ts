/**
 * The trade-off, measured: every chosen pattern × fault over cases of the conversation corpus,
 * each case as its own member in its own sandbox, judged against its expected outcome. Prints the
 * matrix and writes it as JSON (with every run id) for a later before/after comparison.
 *
 * Run: npm run eval -- --patterns A,D,E --faults none,vendor500 --cases 50 --repeat 1 --concurrency 4
 *   [--out file.json] [--against earlier.json] [--latency on] [--live]
 * The database is in memory, the club clock is the corpus's, C and G's services are hosted on a
 * free loopback port, and a model timeout fault waits LLM_TIMEOUT_MS (1000 here unless set).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { corpusClock } from "@/lib/eval/cases";
import { compareCells, type Cell } from "@/lib/eval/cells";
import { FAULTS } from "@/lib/eval/faults";
import { formatMatrix, formatCells, formatChanges } from "@/lib/eval/report";
import { PATTERN_IDS } from "@/lib/patterns/types";

const { values } = parseArgs({
  options: {
    patterns: { type: "string", default: PATTERN_IDS.join(",") },
    faults: { type: "string", default: FAULTS.join(",") },
    cases: { type: "string", default: "50" },
    repeat: { type: "string", default: "1" },
    concurrency: { type: "string", default: "4" },
    out: { type: "string" },
    against: { type: "string" },
    latency: { type: "string", default: "off" },
    live: { type: "boolean", default: false },
  },
});
const list = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean);
const plan = z.object({
  patterns: z.array(z.enum(PATTERN_IDS)).min(1),
  faults: z.array(z.enum(FAULTS)).min(1),
  cases: z.coerce.number().int().min(1),
  repeat: z.coerce.number().int().min(1),
  concurrency: z.coerce.number().int().min(1).max(256),
  simLatency: z.enum(["on", "off"]),
  live: z.boolean(),
}).parse({ patterns: list(values.patterns.toUpperCase()), faults: list(values.faults), cases: values.cases, repeat: values.repeat, concurrency: values.concurrency, simLatency: values.latency, live: values.live });

// Settings are read when first used, so these apply to the imports below.
const clock = corpusClock();
process.env.PLAYGROUND_NOW = clock.now;
process.env.CLUB_TIMEZONE = clock.timezone;
process.env.PGLITE_DIR = "memory://";
process.env.SIM_LATENCY = plan.simLatency;
process.env.LLM_TIMEOUT_MS ??= "1000";
delete process.env.DATABASE_URL;

const { closeDb } = await import("@/lib/db/client");
const { runEvaluation } = await import("@/lib/eval/runner");
const { createEvaluation, finishEvaluation } = await import("@/lib/eval/store");
const { SERVICES } = await import("@/lib/services");
const { SERVICE_NAMES } = await import("@/lib/services/contracts");
const { urlSetting } = await import("@/lib/services/client");
const { listenServices } = await import("@/lib/services/node-server");

// C and G reach their services over HTTP: host them on a loopback port of this process.
const services = await listenServices(SERVICES);
for (const name of SERVICE_NAMES) process.env[urlSetting(name)] = services.url;

const id = await createEvaluation("cli", { patterns: plan.patterns, faults: plan.faults, cases: plan.cases, repeat: plan.repeat }, 0);
const started = performance.now();
let shown = 0;
const cells = await runEvaluation(plan, {
  evalId: id,
  origin: services.url,
  onProgress: (done, total) => {
    const pct = Math.floor((100 * done) / total);
    if (pct === shown && done !== total) return;
    shown = pct;
    process.stderr.write(`\r[${"#".repeat(Math.floor(pct / 4)).padEnd(25)}] ${done}/${total} cases, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  },
});
const seconds = (performance.now() - started) / 1000;
await finishEvaluation(id, { cells, done: cells.reduce((n, c) => n + c.cases, 0) });
process.stderr.write("\n");

const runs = cells.reduce((n, c) => n + c.runIds.length, 0);
const played = cells.reduce((n, c) => n + c.cases, 0);
console.log(formatMatrix(cells));
console.log("");
console.log(formatCells(cells));
console.log(`\n${played} cases (${runs} runs) in ${seconds.toFixed(1)} s: ${(runs / seconds).toFixed(1)} runs/s, concurrency ${plan.concurrency}, load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(2)).join(" ")}`);
console.log(`Wrong bookings: ${cells.reduce((n, c) => n + c.wrongBookings, 0)}`);

const out = values.out ?? path.join("eval", "results", `${id}.json`);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ id, plan, seconds, runs, cells }, null, 1));
console.log(`Written: ${out}`);
if (values.against) {
  const before = (JSON.parse(readFileSync(values.against, "utf8")) as { cells: Cell[] }).cells;
  console.log(`\nAgainst ${values.against}:\n${formatChanges(compareCells(before, cells))}`);
}
await closeDb();
services.server.close();
