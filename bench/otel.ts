/**
 * What OpenTelemetry export costs a run: the same turn through the engine with export off, on to a
 * collector that answers (a loopback OTLP/HTTP receiver), and on to one that is unreachable (a
 * closed port), in alternating blocks, on the simulated model with latency off. The run only hands
 * its events over; the mapping to spans and the protobuf encoding happen after it ended, and are
 * timed on their own. Run: npm run bench:otel
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { exportStats, flushExports } from "@/lib/otel/exporter";
import { toReadableSpans } from "@/lib/otel/otlp";
import { runToSpans } from "@/lib/otel/spans";
import { patternById } from "@/lib/patterns";
import { executeRun } from "@/lib/patterns/engine";
import type { PatternId } from "@/lib/patterns/types";
import type { TraceEvent } from "@/lib/trace/events";
import { ASK, WARMUP } from "./measure";

process.env.SIM_LATENCY = "off";
if (!process.env.DATABASE_URL && !process.env.PGLITE_DIR) process.env.PGLITE_DIR = "memory://";
// An unreachable collector gives up within a second, so the bench does not wait out the default 10 s.
process.env.OTEL_EXPORTER_OTLP_TIMEOUT = "1000";

const PATTERNS: PatternId[] = ["D", "F"];
const BLOCKS = 8;
const RUNS_PER_MODE = 40;
const ENCODINGS = 1000;

let received = 0;
const collector = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    received++;
    res.writeHead(200, { "content-type": "application/x-protobuf" }).end();
  });
});
await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
const closed = createServer();
await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
const closedPort = (closed.address() as AddressInfo).port;
await new Promise<void>((resolve) => closed.close(() => resolve()));

const MODES = {
  off: undefined,
  collector: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
  unreachable: `http://127.0.0.1:${closedPort}`,
} as const;
type Mode = keyof typeof MODES;

let member = 0;
async function turn(pattern: PatternId): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  await executeRun(
    {
      pattern,
      message: ASK,
      userId: `bench-otel-${++member}`,
      origin: "http://127.0.0.1:1",
      signal: new AbortController().signal,
      options: { forceSim: true, simLatency: "off" },
    },
    (e) => events.push(e),
  );
  // In process on the sim a run never leaves the microtask queue; between requests a server's event
  // loop turns, and that is when the export does its I/O. The same pause in every mode.
  await new Promise((resolve) => setTimeout(resolve, 1));
  return events;
}

/** Mean ms per run for `runs` runs in one mode, after the mode's exporter is made and warm. */
async function block(pattern: PatternId, mode: Mode, runs: number): Promise<number> {
  const endpoint = MODES[mode];
  if (endpoint) process.env.OTEL_EXPORTER_OTLP_ENDPOINT = endpoint;
  else delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  for (let i = 0; i < WARMUP; i++) await turn(pattern);
  const started = performance.now();
  for (let i = 0; i < runs; i++) await turn(pattern);
  return (performance.now() - started) / runs;
}

/** µs to map one run's events to spans and encode them as OTLP protobuf: the export's own work. */
function encodingMicros(pattern: PatternId, events: TraceEvent[]): { micros: number; spans: number } {
  const start = events[0];
  const run = { id: events[0].runId, sessionId: start.type === "run.start" ? start.sessionId : "", pattern, events };
  let spans = 0;
  const encode = () => {
    const readable = toReadableSpans(runToSpans(run, patternById(pattern), { captureContent: false }), Date.now());
    spans = readable.length;
    ProtobufTraceSerializer.serializeRequest(readable);
  };
  // A server maps thousands of runs: time it warm, as the JIT leaves it.
  for (let i = 0; i < ENCODINGS; i++) encode();
  const started = performance.now();
  for (let i = 0; i < ENCODINGS; i++) encode();
  return { micros: ((performance.now() - started) * 1000) / ENCODINGS, spans };
}

console.log(`"${ASK}" through the engine, ${RUNS_PER_MODE} runs per mode in ${BLOCKS} alternating blocks, latency off`);
console.log("pattern  spans  off ms/run  collector ms/run (× off)  unreachable ms/run (× off)  map+encode µs/run (% of a run)");
for (const pattern of PATTERNS) {
  const total: Record<Mode, number> = { off: 0, collector: 0, unreachable: 0 };
  for (let b = 0; b < BLOCKS; b++)
    for (const mode of Object.keys(MODES) as Mode[]) total[mode] += (await block(pattern, mode, RUNS_PER_MODE / BLOCKS)) / BLOCKS;
  const { micros, spans } = encodingMicros(pattern, await turn(pattern));
  console.log(
    `${pattern.padEnd(7)}  ${String(spans).padStart(5)}  ${total.off.toFixed(2).padStart(10)}  ${total.collector.toFixed(2).padStart(16)} (${(total.collector / total.off).toFixed(3)})  ${total.unreachable.toFixed(2).padStart(18)} (${(total.unreachable / total.off).toFixed(3)})  ${micros.toFixed(0).padStart(17)} (${((micros / 1000 / total.off) * 100).toFixed(1)}%)`,
  );
}
await flushExports();
const { dropped } = exportStats();
console.log(`collector requests received: ${received}; spans dropped by the last (unreachable) exporter: ${dropped}`);
collector.close();
process.exit(0);
