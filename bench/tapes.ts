/**
 * What recording tapes costs: every pattern through the engine with recording on and off, on the
 * simulated model with latency off (the harshest case: no model time to hide behind). Also the
 * size of each pattern's tape.
 *
 * Method, so that noise and the deferred write can neither flatter nor hide the cost:
 * - Pairs: each pair is one run with recording on and one with it off, their order swapped from
 *   pair to pair, so both see the same machine load and neither is always first.
 * - The write belongs to the recorded run. A run writes its tape after its end (the member already
 *   has the answer), so in a server it lands during whatever runs next; left so here, half of it
 *   would be charged to the unrecorded runs that follow recorded ones. Instead every run is awaited
 *   until its tape is written before the next one starts, and a recorded run is timed twice:
 *   to its end (what its member waits for: `onMs`, `ratio`) and to its tape written (all the work
 *   recording adds, which PGlite, in process, does on the same thread: `onWrittenMs`,
 *   `writtenRatio`). The target (≤ 1.05) is judged on the latter.
 * - Blocks: the pairs come in TAPE_BLOCKS blocks; a ratio is the median of the blocks' ratios (a
 *   block's total on time over its total off time), so a block that a garbage collection or a
 *   neighbour's burst hit does not decide it. "All patterns" takes the median over blocks of every
 *   pattern's block totals added up.
 */
import { executeRun } from "@/lib/patterns/engine";
import { PATTERN_IDS, type PatternId } from "@/lib/patterns/types";
import { SERVICES, SERVICE_NAMES } from "@/lib/patterns/services";
import { urlSetting } from "@/lib/services/client";
import { listenServices } from "@/lib/services/node-server";
import { tapeDocument, tapeWritten } from "@/lib/tapes/store";
import { ASK, WARMUP } from "./measure";

export type TapeRow = {
  pattern: PatternId;
  latency: "on" | "off";
  /** Recorded runs, to the run's end. */
  onMs: number;
  /** Recorded runs, to their tape written. */
  onWrittenMs: number;
  offMs: number;
  /** Median of the blocks' on / off, to the run's end. */
  ratio: number;
  /** Median of the blocks' on / off, to the tape written. */
  writtenRatio: number;
  tapeBytes: number;
  exchanges: number;
};

export const TAPE_BLOCKS = 7;
export const TAPE_PAIRS = 10;
/** With the simulated model's latency on, where a member would feel it: fewer runs, they are slow. */
const LATENCY_BLOCKS = 1;
const LATENCY_PAIRS = 6;

type Block = { on: number; onWritten: number; off: number };

/** One run: ms to its end and ms to its tape written (the same when nothing is recorded). */
async function once(pattern: PatternId, record: boolean, i: number, simLatency: "on" | "off" = "off") {
  const userId = `bench-tapes-${pattern}-${record ? "on" : "off"}-${i}`;
  const started = performance.now();
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
  const ended = performance.now() - started;
  await tapeWritten(outcome.runId);
  return { runId: outcome.runId, ms: ended, writtenMs: performance.now() - started };
}

/** Blocks of pairs, one run on and one off, alternating which goes first: each block's total ms on and off. */
async function blocks(pattern: PatternId, count: number, pairs: number, simLatency: "on" | "off"): Promise<Block[]> {
  const result: Block[] = [];
  for (let b = 0; b < count; b++) {
    const block = { on: 0, onWritten: 0, off: 0 };
    for (let p = 0; p < pairs; p++) {
      const i = b * pairs + p;
      const onFirst = i % 2 === 0;
      const first = await once(pattern, onFirst, i, simLatency);
      const second = await once(pattern, !onFirst, i, simLatency);
      const [on, off] = onFirst ? [first, second] : [second, first];
      block.on += on.ms;
      block.onWritten += on.writtenMs;
      block.off += off.ms;
    }
    result.push(block);
  }
  return result;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function row(
  pattern: PatternId,
  latency: "on" | "off",
  measured: Block[],
  pairs: number,
  tape: Pick<TapeRow, "tapeBytes" | "exchanges">,
): TapeRow {
  const runs = measured.length * pairs;
  return {
    pattern,
    latency,
    onMs: measured.reduce((sum, b) => sum + b.on, 0) / runs,
    onWrittenMs: measured.reduce((sum, b) => sum + b.onWritten, 0) / runs,
    offMs: measured.reduce((sum, b) => sum + b.off, 0) / runs,
    ratio: median(measured.map((b) => b.on / b.off)),
    writtenRatio: median(measured.map((b) => b.onWritten / b.off)),
    ...tape,
  };
}

export async function benchTapes(): Promise<{ rows: TapeRow[]; all: Pick<TapeRow, "ratio" | "writtenRatio"> }> {
  process.env.SIM_LATENCY = "off";
  const { server, url } = await listenServices(SERVICES);
  const settings = SERVICE_NAMES.map((name) => [urlSetting(name), process.env[urlSetting(name)]] as const);
  for (const [key] of settings) process.env[key] = url;
  try {
    const rows: TapeRow[] = [];
    const totals: Block[] = Array.from({ length: TAPE_BLOCKS }, () => ({ on: 0, onWritten: 0, off: 0 }));
    for (const pattern of PATTERN_IDS) {
      for (let i = 0; i < WARMUP; i++) {
        await once(pattern, true, -1 - i);
        await once(pattern, false, -1 - i);
      }
      const measured = await blocks(pattern, TAPE_BLOCKS, TAPE_PAIRS, "off");
      measured.forEach((b, i) => {
        totals[i].on += b.on;
        totals[i].onWritten += b.onWritten;
        totals[i].off += b.off;
      });
      const sample = await once(pattern, true, 10_000);
      const tape = await tapeDocument(sample.runId, `bench-tapes-${pattern}-on-10000`);
      rows.push(
        row(pattern, "off", measured, TAPE_PAIRS, {
          tapeBytes: Buffer.byteLength(JSON.stringify(tape)),
          exchanges: tape?.exchanges.length ?? 0,
        }),
      );
    }
    const d = rows.find((r) => r.pattern === "D")!;
    rows.push(
      row("D", "on", await blocks("D", LATENCY_BLOCKS, LATENCY_PAIRS, "on"), LATENCY_PAIRS, {
        tapeBytes: d.tapeBytes,
        exchanges: d.exchanges,
      }),
    );
    return {
      rows,
      all: { ratio: median(totals.map((b) => b.on / b.off)), writtenRatio: median(totals.map((b) => b.onWritten / b.off)) },
    };
  } finally {
    for (const [key, value] of settings) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await new Promise((resolve) => server.close(resolve));
  }
}
