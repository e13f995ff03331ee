/**
 * What recording tapes costs: every pattern through the engine with recording on and off, run by
 * run in alternation so both see the same machine load, on the simulated model with latency off
 * (the harshest case: no model time to hide behind). Also the size of each pattern's tape.
 */
import { executeRun } from "@/lib/patterns/engine";
import { PATTERN_IDS, type PatternId } from "@/lib/patterns/types";
import { SERVICES, SERVICE_NAMES } from "@/lib/patterns/services";
import { urlSetting } from "@/lib/services/client";
import { listenServices } from "@/lib/services/node-server";
import { tapeDocument } from "@/lib/tapes/store";
import { ASK, RUNS, WARMUP } from "./measure";

export type TapeRow = {
  pattern: PatternId;
  latency: "on" | "off";
  onMs: number;
  offMs: number;
  ratio: number;
  tapeBytes: number;
  exchanges: number;
};

/** With the simulated model's latency on, where a member would feel it: fewer runs, they are slow. */
const LATENCY_RUNS = 6;

async function once(pattern: PatternId, record: boolean, i: number, simLatency: "on" | "off" = "off"): Promise<string> {
  const userId = `bench-tapes-${pattern}-${record ? "on" : "off"}-${i}`;
  const outcome = await executeRun(
    {
      pattern,
      message: ASK,
      userId,
      options: { forceSim: true, simLatency },
      origin: "http://127.0.0.1:1",
      signal: new AbortController().signal,
      record,
    },
    () => undefined,
  );
  return outcome.runId;
}

async function timed(pattern: PatternId, record: boolean, i: number, simLatency: "on" | "off" = "off"): Promise<number> {
  const started = performance.now();
  await once(pattern, record, i, simLatency);
  return performance.now() - started;
}

/** Run by run, alternating which goes first, so recording on and off see the same machine load. */
async function alternate(pattern: PatternId, runs: number, simLatency: "on" | "off"): Promise<{ on: number; off: number }> {
  let on = 0;
  let off = 0;
  for (let i = 0; i < runs; i++) {
    const first = i % 2 === 0;
    const a = await timed(pattern, first, i, simLatency);
    const b = await timed(pattern, !first, i, simLatency);
    on += first ? a : b;
    off += first ? b : a;
  }
  return { on: on / runs, off: off / runs };
}

export async function benchTapes(): Promise<TapeRow[]> {
  process.env.SIM_LATENCY = "off";
  const { server, url } = await listenServices(SERVICES);
  const settings = SERVICE_NAMES.map((name) => [urlSetting(name), process.env[urlSetting(name)]] as const);
  for (const [key] of settings) process.env[key] = url;
  try {
    const rows: TapeRow[] = [];
    for (const pattern of PATTERN_IDS) {
      for (let i = 0; i < WARMUP; i++) {
        await once(pattern, true, -1 - i);
        await once(pattern, false, -1 - i);
      }
      const { on, off } = await alternate(pattern, RUNS, "off");
      const sample = await once(pattern, true, 10_000);
      const tape = await tapeDocument(sample, `bench-tapes-${pattern}-on-10000`);
      rows.push({
        pattern,
        latency: "off",
        onMs: on,
        offMs: off,
        ratio: on / off,
        tapeBytes: Buffer.byteLength(JSON.stringify(tape)),
        exchanges: tape?.exchanges.length ?? 0,
      });
    }
    const slow = await alternate("D", LATENCY_RUNS, "on");
    const d = rows.find((r) => r.pattern === "D")!;
    rows.push({ ...d, latency: "on", onMs: slow.on, offMs: slow.off, ratio: slow.on / slow.off });
    return rows;
  } finally {
    for (const [key, value] of settings) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await new Promise((resolve) => server.close(resolve));
  }
}
