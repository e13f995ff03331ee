/**
 * Runs the whole conversation corpus (eval/conversations/*.json) through the patterns on the
 * simulated model with no fault — the evaluation runner of lib/eval, each case as its own member
 * in its own sandbox on the corpus's clock — and prints a score per pattern and per kind, the
 * held-out file beside the tuned one, and the number of wrong bookings (a booking the member did
 * not ask for). `npm run eval` crosses the same cases with faults.
 *
 * Run: npm run eval:conversations [-- --pattern A,D] [-- --case range-01,d-cancel-02] [-- --verbose]. C and G's services are hosted
 * on a free loopback port for the run.
 */
import { ALL_CASES, selectCases } from "@/lib/eval/cases";
import type { CaseResult } from "@/lib/eval/cells";
import { textTable } from "@/lib/eval/report";
import { PATTERN_IDS, type PatternId } from "@/lib/patterns/types";

// Settings are read when first used, so these apply to the imports below. Every case runs on the corpus's clock.
process.env.PGLITE_DIR = "memory://";
process.env.SIM_LATENCY = "off";
delete process.env.DATABASE_URL;

const { closeDb } = await import("@/lib/db/client");
const { runEvaluation } = await import("@/lib/eval/runner");
const { SERVICES, SERVICE_NAMES } = await import("@/lib/patterns/services");
const { urlSetting } = await import("@/lib/services/client");
const { listenServices } = await import("@/lib/services/node-server");

// C and G reach their services over HTTP: host them on a loopback port of this process.
const services = await listenServices(SERVICES);
for (const name of SERVICE_NAMES) process.env[urlSetting(name)] = services.url;

const args = process.argv.slice(2);
const only = args.includes("--pattern") ? args[args.indexOf("--pattern") + 1]?.toUpperCase().split(",") : undefined;
const cases = args.includes("--case") ? args[args.indexOf("--case") + 1]?.split(",") : undefined;
const verbose = args.includes("--verbose");
const patterns = PATTERN_IDS.filter((id) => !only || only.includes(id));
const dataset = selectCases(ALL_CASES).filter((c) => !cases || cases.includes(c.id));
const kindOf = new Map(dataset.map((c) => [`${c.caseId}`, c.kind]));

let results: readonly CaseResult[] = [];
await runEvaluation(
  { patterns: [...patterns], faults: ["none"], cases: dataset.length, repeat: 1, concurrency: 4 },
  {
    evalId: "conversations",
    origin: services.url,
    dataset,
    onProgress: (_done, _total, so) => {
      results = so;
    },
  },
);

const pct = (rs: readonly CaseResult[]) =>
  rs.length ? `${((100 * rs.filter((r) => r.ok).length) / rs.length).toFixed(0)}% (${rs.filter((r) => r.ok).length}/${rs.length})` : "-";
const of = (pattern: PatternId, keep: (r: CaseResult) => boolean = () => true) => results.filter((r) => r.pattern === pattern && keep(r));

const files = ["tuned", "held-out"];
console.log(
  `Corpus — ${files.map((file) => `${file}: ${dataset.filter((c) => c.caseId.startsWith(`${file}/`)).length} cases`).join("; ")}\n`,
);
console.log(
  textTable(
    ["pattern", ...files, "wrong bookings"],
    patterns.map((id) => [
      id,
      ...files.map((file) => pct(of(id, (r) => r.caseId.startsWith(`${file}/`)))),
      String(of(id).reduce((n, r) => n + r.wrong.length, 0)),
    ]),
  ),
);
console.log("");
const kinds = [...new Set(dataset.map((c) => c.kind))].sort();
console.log(
  textTable(
    ["kind", ...patterns],
    kinds.map((kind) => [kind, ...patterns.map((id) => pct(of(id, (r) => kindOf.get(r.caseId) === kind)).replace(/ .*/, ""))]),
  ),
);
console.log(`\nWrong bookings: ${results.reduce((n, r) => n + r.wrong.length, 0)}`);
if (verbose) for (const r of results.filter((x) => !x.ok)) console.log(`\n${r.pattern} ${r.caseId}\n  ${r.problems.join("\n  ")}`);
await closeDb();
services.server.close();
