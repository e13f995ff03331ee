/**
 * The same workload (bench/runtime-workload.ts) on the machine's own Node.js and on the runtime the
 * project brings (README "Runtime"), alternating twice so neither gets the warmer machine; the
 * figures are ms, the ratio is bundled ÷ machine (below 1 means the bundled runtime is faster).
 * Run: npm run bench:runtimes
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

const MACHINE_NODE = process.env.MACHINE_NODE ?? "/usr/bin/node";
const BUNDLED_NODE = path.resolve("node_modules/.bin/node");
const TSX = path.resolve("node_modules/tsx/dist/cli.mjs");

type Sample = Record<string, number> & { version: string };

function measure(node: string): Sample {
  const run = spawnSync(node, [TSX, "bench/runtime-workload.ts"], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`${node} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").at(-1)!);
}

const samples = { machine: [] as Sample[], bundled: [] as Sample[] };
for (let round = 0; round < 2; round++) {
  samples.machine.push(measure(MACHINE_NODE));
  samples.bundled.push(measure(BUNDLED_NODE));
}
const mean = (rows: Sample[], key: string) => rows.reduce((sum, row) => sum + row[key], 0) / rows.length;
const keys = Object.keys(samples.machine[0]).filter((key) => key !== "version");
const header = ["workload (ms, mean of 2)", samples.machine[0].version, samples.bundled[0].version, "ratio"];
const rows = keys.map((key) => [
  key,
  mean(samples.machine, key).toFixed(2),
  mean(samples.bundled, key).toFixed(2),
  (mean(samples.bundled, key) / mean(samples.machine, key)).toFixed(2),
]);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r: string[]) => r.map((cell, i) => (i ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join("  ");
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
rows.forEach((r) => console.log(line(r)));
