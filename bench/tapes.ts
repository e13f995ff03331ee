/**
 * What recording tapes costs: every pattern through the engine with recording on and off, in
 * alternating rounds so both see the same machine load, on the simulated model with latency off
 * (the harshest case: no model time to hide behind). Also the size of each pattern's tape.
 */
import { executeRun } from "@/lib/patterns/engine";
import { PATTERN_IDS, type PatternId } from "@/lib/patterns/types";
import { SERVICES } from "@/lib/services";
import { urlSetting } from "@/lib/services/client";
import { SERVICE_NAMES } from "@/lib/services/contracts";
import { listenServices } from "@/lib/services/node-server";
import { tapeDocument } from "@/lib/tapes/store";
import { ASK, RUNS, WARMUP } from "./measure";

export type TapeRow = { pattern: PatternId; onMs: number; offMs: number; ratio: number; tapeBytes: number; exchanges: number };

const ROUNDS = 4;

async function once(pattern: PatternId, record: boolean, i: number): Promise<string> {
  const userId = `bench-tapes-${pattern}-${record ? "on" : "off"}-${i}`;
  const outcome = await executeRun({ pattern, message: ASK, userId, options: { forceSim: true, simLatency: "off" }, origin: "http://127.0.0.1:1", signal: new AbortController().signal, record }, () => undefined);
  return outcome.runId;
}

async function timed(pattern: PatternId, record: boolean, runs: number, from: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < runs; i++) await once(pattern, record, from + i);
  return performance.now() - started;
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
      let on = 0;
      let off = 0;
      const perRound = Math.max(1, Math.round(RUNS / ROUNDS));
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate which goes first, so neither always runs on a warmer or colder machine.
        if (round % 2 === 0) {
          on += await timed(pattern, true, perRound, round * perRound);
          off += await timed(pattern, false, perRound, round * perRound);
        } else {
          off += await timed(pattern, false, perRound, round * perRound);
          on += await timed(pattern, true, perRound, round * perRound);
        }
      }
      const runs = perRound * ROUNDS;
      const sample = await once(pattern, true, 10_000);
      const tape = await tapeDocument(sample, `bench-tapes-${pattern}-on-10000`);
      rows.push({ pattern, onMs: on / runs, offMs: off / runs, ratio: on / off, tapeBytes: Buffer.byteLength(JSON.stringify(tape)), exchanges: tape?.exchanges.length ?? 0 });
    }
    return rows;
  } finally {
    for (const [key, value] of settings) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await new Promise((resolve) => server.close(resolve));
  }
}
