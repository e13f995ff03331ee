/**
 * Plays a seeded sample of the generated evaluation set (eval/generate: meanings × surface
 * variation × near-misses, issue 25 §5) through the patterns on the simulated model with no fault,
 * with the evaluation runner of lib/eval (each case its own member in its own sandbox, the
 * corpus's clock pinned), and prints per pattern: accuracy, wrong bookings and wrong cancellations
 * (apart from misunderstandings that did no harm), and accuracy per family and per kind.
 *
 * Run: npm run eval:generated [-- --sample 400] [-- --seed 1] [-- --patterns A,D] [-- --all] [-- --verbose]
 * `--seed` picks the sample (the set itself is always the one generated from seed 1, which
 * tests/understanding/generator.test.ts checks); `--all` plays every case. C and G's services are
 * hosted on a free loopback port for the run.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { FAMILIES, familyOf, generateCases, sampleCases, type GeneratedCase } from "@/eval/generate";
import { corpusClock } from "@/lib/eval/cases";
import type { CaseResult } from "@/lib/eval/cells";
import { textTable } from "@/lib/eval/report";
import { PATTERN_IDS, type PatternId } from "@/lib/patterns/types";

const { values } = parseArgs({
  options: {
    sample: { type: "string", default: "400" },
    seed: { type: "string", default: "1" },
    patterns: { type: "string", default: PATTERN_IDS.join(",") },
    all: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
    concurrency: { type: "string", default: "4" },
  },
});
const options = z
  .object({
    sample: z.coerce.number().int().min(1),
    seed: z.coerce.number().int().min(0).max(1_000_000),
    patterns: z.array(z.enum(PATTERN_IDS)).min(1),
    concurrency: z.coerce.number().int().min(1).max(64),
  })
  .parse({ ...values, patterns: values.patterns.toUpperCase().split(",").filter(Boolean) });

// Settings are read when first used, so these apply to the imports below.
process.env.PGLITE_DIR = "memory://";
process.env.SIM_LATENCY = "off";
delete process.env.DATABASE_URL;

const { closeDb } = await import("@/lib/db/client");
const { runEvaluation } = await import("@/lib/eval/runner");
const { SERVICES, SERVICE_NAMES } = await import("@/lib/patterns/services");
const { urlSetting } = await import("@/lib/services/client");
const { listenServices } = await import("@/lib/services/node-server");

const services = await listenServices(SERVICES);
for (const name of SERVICE_NAMES) process.env[urlSetting(name)] = services.url;

const everything = generateCases();
const dataset = values.all ? everything : sampleCases(everything, options.sample, options.seed);
const byCaseId = new Map<string, GeneratedCase>(dataset.map((c) => [`generated/${c.id}`, c]));

let results: readonly CaseResult[] = [];
const started = Date.now();
await runEvaluation(
  { patterns: options.patterns, faults: ["none"], cases: dataset.length, repeat: 1, concurrency: options.concurrency },
  {
    evalId: "generated",
    origin: services.url,
    dataset: dataset.map((c) => ({ ...c, caseId: `generated/${c.id}`, clock: corpusClock() })),
    onProgress: (done, total, so) => {
      results = so;
      if (done % 100 === 0 || done === total) process.stderr.write(`played ${done}/${total}\n`);
    },
  },
);

/** Bookings the member held before and was expected to keep, gone at the end: a cancellation nobody asked for. */
function wrongCancellations(r: CaseResult): number {
  const c = byCaseId.get(r.caseId)!;
  return (c.setup ?? []).filter((slot) => c.book.includes(slot) && !r.booked.includes(slot)).length;
}

const pct = (rs: readonly CaseResult[]) => (rs.length ? `${((100 * rs.filter((r) => r.ok).length) / rs.length).toFixed(1)}%` : "-");
const of = (pattern: PatternId, keep: (c: GeneratedCase) => boolean = () => true) =>
  results.filter((r) => r.pattern === pattern && keep(byCaseId.get(r.caseId)!));

console.log(
  `Generated set: ${everything.length} cases; played ${dataset.length} (${values.all ? "all" : `sample seed ${options.seed}`}) ` +
    `through ${options.patterns.join(", ")} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
);
console.log(
  textTable(
    ["pattern", "accuracy", "wrong bookings", "wrong cancellations", "misunderstood", ...FAMILIES],
    options.patterns.map((id) => {
      const rs = of(id);
      return [
        id,
        `${pct(rs)} (${rs.filter((r) => r.ok).length}/${rs.length})`,
        String(rs.reduce((n, r) => n + r.wrong.length, 0)),
        String(rs.reduce((n, r) => n + wrongCancellations(r), 0)),
        String(rs.filter((r) => !r.ok && r.wrong.length === 0 && wrongCancellations(r) === 0).length),
        ...FAMILIES.map((family) => pct(of(id, (c) => familyOf(c.kind) === family))),
      ];
    }),
  ),
);
console.log("");
const kinds = [...new Set(dataset.map((c) => c.kind))].sort();
console.log(
  textTable(
    ["kind", "cases", ...options.patterns],
    kinds.map((kind) => [
      kind,
      String(dataset.filter((c) => c.kind === kind).length),
      ...options.patterns.map((id) => pct(of(id, (c) => c.kind === kind))),
    ]),
  ),
);
const wrong = results.reduce((n, r) => n + r.wrong.length, 0);
const cancelled = results.reduce((n, r) => n + wrongCancellations(r), 0);
console.log(`\nWrong bookings: ${wrong}; wrong cancellations: ${cancelled}`);
if (values.verbose)
  for (const r of results.filter((x) => !x.ok))
    console.log(`\n${r.pattern} ${r.caseId} "${byCaseId.get(r.caseId)!.turns[0].say}"\n  ${r.problems.join("\n  ")}`);
await closeDb();
services.server.close();
