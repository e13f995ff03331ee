/**
 * Runs the whole conversation corpus (eval/conversations/*.json) through the patterns on the
 * simulated model with no fault — the evaluation runner of lib/eval, each case as its own member
 * in its own sandbox on its file's clock — and prints a score per pattern and per kind, the
 * held-out file beside the tuned one, the number of wrong bookings (a booking the member did not
 * ask for) and of wrong cancellations (a booking the member held before the conversation and was
 * to keep, gone). `--file` plays one corpus file's cases instead, on that file's own clock.
 * `npm run eval` crosses the same cases with faults.
 *
 * Run: npm run eval:conversations [-- --pattern A,D] [-- --case range-01,d-cancel-02] [-- --file eval/conversations/x.json]
 * [-- --verbose]. C and G's services are hosted on a free loopback port for the run.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { ALL_CASES, selectCases, type EvalCase } from "@/lib/eval/cases";
import type { CaseResult } from "@/lib/eval/cells";
import { Corpus, wrongCancellations } from "@/lib/eval/judge";
import { textTable } from "@/lib/eval/report";
import { PATTERN_IDS, type PatternId } from "@/lib/patterns/types";

const args = process.argv.slice(2);
const only = args.includes("--pattern") ? args[args.indexOf("--pattern") + 1]?.toUpperCase().split(",") : undefined;
const cases = args.includes("--case") ? args[args.indexOf("--case") + 1]?.split(",") : undefined;
const filePath = args.includes("--file") ? args[args.indexOf("--file") + 1] : undefined;
const verbose = args.includes("--verbose");

// One file's cases, or the whole corpus (tuned and held-out); every case runs on its own file's clock.
const fileName = filePath ? basename(filePath, ".json") : undefined;
const fileCorpus = filePath ? Corpus.parse(JSON.parse(readFileSync(filePath, "utf8"))) : undefined;
const corpusCases: EvalCase[] = fileCorpus
  ? [...fileCorpus.utterances, ...fileCorpus.dialogues].map((c) => ({
      ...c,
      caseId: `${fileName}/${c.id}`,
      clock: { now: fileCorpus.now, timeZone: fileCorpus.timezone },
    }))
  : selectCases(ALL_CASES);

// Settings are read when first used, so these apply to the imports below.
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

const patterns = PATTERN_IDS.filter((id) => !only || only.includes(id));
const dataset = corpusCases.filter((c) => !cases || cases.includes(c.id));
const caseOf = new Map(dataset.map((c) => [c.caseId, c]));
const cancelledWrongly = (rs: readonly CaseResult[]) =>
  rs.reduce((n, r) => n + wrongCancellations(caseOf.get(r.caseId)!, r.booked).length, 0);

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

const files = fileName ? [fileName] : ["tuned", "held-out"];
console.log(
  `Corpus — ${files.map((file) => `${file}: ${dataset.filter((c) => c.caseId.startsWith(`${file}/`)).length} cases`).join("; ")}\n`,
);
console.log(
  textTable(
    ["pattern", ...files, "wrong bookings", "wrong cancellations"],
    patterns.map((id) => [
      id,
      ...files.map((file) => pct(of(id, (r) => r.caseId.startsWith(`${file}/`)))),
      String(of(id).reduce((n, r) => n + r.wrong.length, 0)),
      String(cancelledWrongly(of(id))),
    ]),
  ),
);
console.log("");
const kinds = [...new Set(dataset.map((c) => c.kind))].sort();
console.log(
  textTable(
    ["kind", ...patterns],
    kinds.map((kind) => [kind, ...patterns.map((id) => pct(of(id, (r) => caseOf.get(r.caseId)?.kind === kind)).replace(/ .*/, ""))]),
  ),
);
console.log(`\nWrong bookings: ${results.reduce((n, r) => n + r.wrong.length, 0)}`);
console.log(`Wrong cancellations: ${cancelledWrongly(results)}`);
if (verbose) for (const r of results.filter((x) => !x.ok)) console.log(`\n${r.pattern} ${r.caseId}\n  ${r.problems.join("\n  ")}`);
await closeDb();
services.server.close();
