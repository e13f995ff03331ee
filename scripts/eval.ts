/**
 * The trade-off, measured: every chosen pattern × fault over cases of the conversation corpus,
 * each case as its own member in its own sandbox, judged against its expected outcome. Prints the
 * matrix and writes it as JSON (with every run id) for a later before/after comparison.
 *
 * Run: npm run eval -- --patterns A,D,E --faults none,vendor500 --cases 50 --repeat 1 --concurrency 4
 *   [--dataset file.json|file.jsonl]  cases of one's own instead of the corpus (all of them play; --cases is ignored)
 *   [--workers 2] [--out file.json] [--against earlier.json] [--latency on] [--live]
 *   [--temperature 0.5 --seed 0]  simulated variation: repeat i plays with seed + i, so --repeat N shows the spread
 * Each worker is a process with its own in-memory database (the embedded database runs on the
 * thread that queries it, so one process uses one core) playing every n-th case, `concurrency` at a
 * time; every case runs on its dataset's clock (the corpus's, or the one a dataset names); C and G's services are hosted on a free loopback port; a
 * model timeout fault waits LLM_TIMEOUT_MS (1000 here unless set).
 */
import { fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { corpusClock, playableCases, selectCases, type EvalCase } from "@/lib/eval/cases";
import { compareCells, type CaseResult, type Cell } from "@/lib/eval/cells";
import { Dataset, datasetFromText, datasetProblems } from "@/lib/eval/dataset";
import { FAULTS } from "@/lib/eval/faults";
import { formatCells, formatChanges, formatMatrix } from "@/lib/eval/report";
import type { EvalPlan } from "@/lib/eval/runner";
import { PATTERN_IDS } from "@/lib/patterns/types";

const { values } = parseArgs({
  options: {
    patterns: { type: "string", default: PATTERN_IDS.join(",") },
    faults: { type: "string", default: FAULTS.join(",") },
    cases: { type: "string", default: "50" },
    repeat: { type: "string", default: "1" },
    concurrency: { type: "string", default: "4" },
    workers: { type: "string", default: String(Math.min(2, availableParallelism())) },
    out: { type: "string" },
    against: { type: "string" },
    latency: { type: "string", default: "off" },
    live: { type: "boolean", default: false },
    temperature: { type: "string", default: "0" },
    seed: { type: "string", default: "0" },
    dataset: { type: "string" },
    // Internal: set by the parent on the processes it forks ("index/count/evalId").
    shard: { type: "string" },
  },
});
const list = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);
const plan: EvalPlan & { workers: number; seed: number } = z
  .object({
    patterns: z.array(z.enum(PATTERN_IDS)).min(1),
    faults: z.array(z.enum(FAULTS)).min(1),
    cases: z.coerce.number().int().min(1),
    repeat: z.coerce.number().int().min(1),
    concurrency: z.coerce.number().int().min(1).max(256),
    workers: z.coerce.number().int().min(1).max(16),
    simLatency: z.enum(["on", "off"]),
    live: z.boolean(),
    temperature: z.coerce.number().min(0).max(1),
    seed: z.coerce.number().int().min(0).max(1_000_000),
  })
  .parse({
    temperature: values.temperature,
    seed: values.seed,
    patterns: list(values.patterns.toUpperCase()),
    faults: list(values.faults),
    cases: values.cases,
    repeat: values.repeat,
    concurrency: values.concurrency,
    workers: values.workers,
    simLatency: values.latency,
    live: values.live,
  });

/** The cases to play and what the results record of them: a dataset file's, or the corpus's first --cases. */
function loadCases(): { cases: EvalCase[]; dataset: { name: string; clock: EvalCase["clock"] } } {
  if (!values.dataset) return { cases: selectCases(plan.cases), dataset: { name: "corpus", clock: corpusClock() } };
  const parsed = Dataset.safeParse(datasetFromText(readFileSync(values.dataset, "utf8"), path.basename(values.dataset)));
  if (!parsed.success) {
    console.error(`${values.dataset}: ${datasetProblems(parsed.error)}`);
    process.exit(2);
  }
  return { cases: playableCases(parsed.data), dataset: { name: parsed.data.name, clock: parsed.data.clock } };
}
const { cases, dataset } = loadCases();
plan.cases = cases.length;

// Settings are read when first used, so these apply to the imports below (here and in each worker).
process.env.PGLITE_DIR = "memory://";
process.env.SIM_LATENCY = plan.simLatency;
process.env.LLM_TIMEOUT_MS ??= "1000";
delete process.env.DATABASE_URL;

type WorkerMessage = { result: CaseResult } | { total: number };

/** Plays this process's share of the matrix in process, reporting each case as it is judged. */
async function play(evalId: string, shard: { index: number; count: number }, report: (m: WorkerMessage) => void): Promise<void> {
  const { closeDb } = await import("@/lib/db/client");
  const { planJobs, runEvaluation } = await import("@/lib/eval/runner");
  const { SERVICES, SERVICE_NAMES } = await import("@/lib/patterns/services");
  const { urlSetting } = await import("@/lib/services/client");
  const { listenServices } = await import("@/lib/services/node-server");
  // C and G reach their services over HTTP: host them on a loopback port of this process.
  const services = await listenServices(SERVICES);
  for (const name of SERVICE_NAMES) process.env[urlSetting(name)] = services.url;
  report({ total: planJobs(plan, cases).filter((_, i) => i % shard.count === shard.index).length });
  await runEvaluation(plan, {
    evalId,
    origin: services.url,
    dataset: cases,
    shard,
    onProgress: (_done, _total, results) => report({ result: results.at(-1)! }),
  });
  await closeDb();
  services.server.close();
}

if (values.shard) {
  const [index, count, evalId] = values.shard.split("/");
  await play(evalId, { index: Number(index), count: Number(count) }, (m) => process.send!(m));
  process.disconnect();
} else {
  const evalId = `cli_${randomUUID()}`;
  const results: CaseResult[] = [];
  let total = 0;
  let shown = -1;
  const started = performance.now();
  const collect = (m: WorkerMessage) => {
    if ("total" in m) total += m.total;
    else results.push(m.result);
    const pct = total ? Math.floor((100 * results.length) / total) : 0;
    if (pct === shown) return;
    shown = pct;
    process.stderr.write(
      `\r[${"#".repeat(Math.floor(pct / 4)).padEnd(25)}] ${results.length}/${total} cases, ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
  };
  if (plan.workers === 1) await play(evalId, { index: 0, count: 1 }, collect);
  else {
    await Promise.all(
      Array.from(
        { length: plan.workers },
        (_, index) =>
          new Promise<void>((resolve, reject) => {
            const child = fork(process.argv[1], [...process.argv.slice(2), "--shard", `${index}/${plan.workers}/${evalId}`], {
              stdio: ["ignore", "inherit", "inherit", "ipc"],
            });
            child.on("message", (m) => collect(m as WorkerMessage));
            child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`Worker ${index} exited with ${code}.`))));
          }),
      ),
    );
  }
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write("\n");

  const { cellsOf } = await import("@/lib/eval/runner");
  const cells: Cell[] = cellsOf(plan, results);
  const runs = results.reduce((n, r) => n + r.runIds.length, 0);
  console.log(
    `Dataset ${dataset.name}: ${cases.length} cases × ${plan.repeat} repeat(s), seed ${plan.seed}, ${plan.live ? "live" : "simulated"} vendors, clock ${dataset.clock.now} ${dataset.clock.timeZone}\n`,
  );
  console.log(formatMatrix(cells));
  console.log("");
  console.log(formatCells(cells));
  console.log(
    `\n${results.length} cases (${runs} runs) in ${seconds.toFixed(1)} s: ${(runs / seconds).toFixed(1)} runs/s; ${plan.workers} worker(s) × concurrency ${plan.concurrency}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  console.log(`Wrong bookings: ${cells.reduce((n, c) => n + c.wrongBookings, 0)}`);
  if (plan.temperature)
    console.log(
      `Simulated variation: temperature ${plan.temperature}, seeds ${plan.seed}–${plan.seed + plan.repeat - 1} (the simulated model's seeded choices, not a real model's sampling).`,
    );

  const out = values.out ?? path.join("eval", "results", `${evalId}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  const measured = { ...plan, dataset, vendors: plan.live ? "live" : "sim" };
  writeFileSync(out, JSON.stringify({ id: evalId, plan: measured, seconds, runs, cells }, null, 1));
  console.log(`Written: ${out}`);
  if (values.against) {
    const before = (JSON.parse(readFileSync(values.against, "utf8")) as { cells: Cell[] }).cells;
    console.log(`\nAgainst ${values.against}:\n${formatChanges(compareCells(before, cells))}`);
  }
}
