/**
 * What the playground costs on top of the bare vendor SDK calls each pattern makes: A, B and D
 * through POST /api/chat (SSE, session, trace events, metrics, database) against the same calls written
 * by hand on the same simulated model, latency off; then E, F, H (bench/agents.ts) and C, G
 * against their one-process twins (bench/services.ts). Run: npm run bench:patterns
 */
import type OpenAI from "openai";
import { checkAvailability } from "@/lib/domain/bookings";
import { createClients } from "@/lib/llm";
import { extractionPrompt } from "@/lib/patterns/kit/extract";
import { toolDefinitions } from "@/lib/patterns/kit/tools";
import type { PatternId } from "@/lib/patterns/types";
import { benchAgents } from "./agents";
import { ASK, RUNS, WARMUP, measureEngine, msPerRun } from "./measure";
import { benchServices } from "./services";
import { benchTapes, TAPE_BLOCKS, TAPE_PAIRS } from "./tapes";

// Settings are read when first used, so these still apply to the imports above.
process.env.SIM_LATENCY = "off";
if (!process.env.DATABASE_URL && !process.env.PGLITE_DIR) process.env.PGLITE_DIR = "memory://";

type Row = {
  pattern: PatternId;
  baseline: string;
  msPerRun: number;
  bareMsPerRun: number;
  ratio: number;
  firstEventMs: number;
  msPerHop?: number;
};

let latency: "on" | "off" = "off";
const sim = () => createClients({ forceSim: true, latency });

/** A and B on this question: one extraction call, then the availability query. */
async function bareParseThenCheck() {
  const { openai, models } = sim();
  const res = await openai.chat.completions.create({
    model: models.openai,
    response_format: { type: "json_object" },
    messages: [
      { role: "system", content: extractionPrompt() },
      { role: "user", content: ASK },
    ],
  });
  const parsed = JSON.parse(res.choices[0].message.content ?? "{}") as { date: string; time: string | null };
  return checkAvailability(parsed.date, parsed.time ?? undefined);
}

/** D by hand: the model asks for check_availability, we run it, the model answers. */
async function bareToolLoop() {
  const { openai, models } = sim();
  const tools: OpenAI.ChatCompletionTool[] = toolDefinitions(["check_availability"]).map((fn) => ({ type: "function", function: fn }));
  const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: ASK }];
  for (let round = 0; round < 4; round++) {
    const message = (await openai.chat.completions.create({ model: models.openai, messages, tools })).choices[0].message;
    messages.push(message);
    if (!message.tool_calls?.length) return message.content;
    for (const call of message.tool_calls) {
      if (call.type !== "function") continue;
      const args = JSON.parse(call.function.arguments) as { date: string; time?: string | null };
      messages.push({
        role: "tool",
        tool_call_id: call.id,
        content: JSON.stringify(await checkAvailability(args.date, args.time ?? undefined)),
      });
    }
  }
}

async function benchEngine(pattern: PatternId, bare: () => Promise<unknown>, runs = RUNS): Promise<Row> {
  const full = await measureEngine(pattern, undefined, { simLatency: latency, runs });
  const bareMs = await msPerRun(bare, runs);
  return {
    pattern,
    baseline: `bare SDK calls${latency === "on" ? ", sim latency on" : ""}`,
    ...full,
    bareMsPerRun: bareMs,
    ratio: full.msPerRun / bareMs,
  };
}

/** The same comparison at the sim's realistic model latency, where a member feels the difference. */
async function withLatency(pattern: PatternId, bare: () => Promise<unknown>): Promise<Row> {
  latency = "on";
  try {
    return await benchEngine(pattern, bare, 5);
  } finally {
    latency = "off";
  }
}

const rows: Row[] = [
  await benchEngine("A", bareParseThenCheck),
  await benchEngine("B", bareParseThenCheck),
  await benchEngine("D", bareToolLoop),
  await withLatency("D", bareToolLoop),
  ...(await benchAgents()).map((r) => ({ ...r, baseline: "bare SDK run" })),
  ...(await benchServices()).map((r) => ({ ...r, baseline: `twin ${r.pattern === "C" ? "B" : "F"}, one process` })),
].sort((a, b) => a.pattern.localeCompare(b.pattern));

const header = ["pattern", "baseline", "ms/run", "baseline ms/run", "× baseline", "first event ms", "ms per hop"];
const cells = rows.map((r) => [
  r.pattern,
  r.baseline,
  r.msPerRun.toFixed(2),
  r.bareMsPerRun.toFixed(2),
  r.ratio.toFixed(2),
  r.firstEventMs.toFixed(2),
  r.msPerHop === undefined ? "" : r.msPerHop.toFixed(2),
]);
const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
const line = (c: string[]) => c.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
console.log(
  `"${ASK}" — ${RUNS} runs each (5 with latency on) after ${WARMUP} warm-up runs, simulated model, latency off unless said, ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`,
);
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
cells.forEach((c) => console.log(line(c)));

// Tapes: the same question through the engine with recording on and off. Target: on ≤ 1.05 × off to run.end, where the
// member's run ends; the work after it (the tape packed and written with the run's closing) is shown beside it.
const { rows: tapes, all } = await benchTapes();
console.log(
  `\nTape recording on vs off: ${TAPE_BLOCKS} blocks of ${TAPE_PAIRS} alternating pairs per pattern; median of the blocks' on / off, to the run.end event the member sees and to the run's return (its row closed with its tape packed and written: all the work recording adds)`,
);
console.log(
  `All patterns, latency off: ${all.ratio.toFixed(3)} × to run.end, ${all.closedRatio.toFixed(3)} × to the row closed with its tape`,
);
const tapeHeader = [
  "pattern",
  "sim latency",
  "on ms/run",
  "off ms/run",
  "on / off to run.end",
  "on / off to row closed",
  "exchanges",
  "tape bytes",
  "stored bytes",
];
const tapeCells = tapes.map((r) => [
  r.pattern,
  r.latency,
  r.onMs.toFixed(2),
  r.offMs.toFixed(2),
  r.ratio.toFixed(3),
  r.closedRatio.toFixed(3),
  String(r.exchanges),
  String(r.tapeBytes),
  String(r.storedBytes),
]);
const tapeWidths = tapeHeader.map((h, i) => Math.max(h.length, ...tapeCells.map((c) => c[i].length)));
const tapeLine = (c: string[]) => c.map((cell, i) => (i < 2 ? cell.padEnd(tapeWidths[i]) : cell.padStart(tapeWidths[i]))).join("  ");
console.log(tapeLine(tapeHeader));
console.log(tapeWidths.map((w) => "-".repeat(w)).join("  "));
tapeCells.forEach((c) => console.log(tapeLine(c)));
process.exit(0);
