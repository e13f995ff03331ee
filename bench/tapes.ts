/**
 * What recording tapes costs: every pattern through the engine with recording on and off, on the
 * simulated model with latency off (the harshest case: no model time to hide behind). Also the
 * size of each pattern's tape, as downloaded and as stored.
 *
 * Two times per run, so that nothing recording does can hide:
 * - to its end as the member sees it: the run.end event, after the reply (`ratio`, which the target
 *   of ≤ 1.05 is judged on);
 * - to its return, after the statement that closes the run's row; a recorded run's tape is packed
 *   and written in that statement, so all the work recording adds is inside this time and none of
 *   it is left to land on the next run (`closedRatio`).
 *
 * Method, so that noise can neither flatter nor hide the cost:
 * - Pairs: each pair is one run with recording on and one with it off, their order swapped from
 *   pair to pair, so both see the same machine load and neither is always first.
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
import { db } from "@/lib/db/client";
import { tapeDocument } from "@/lib/tapes/store";
import { ASK, WARMUP } from "./measure";

export type TapeRow = {
  pattern: PatternId;
  latency: "on" | "off";
  /** Mean ms per run, to its return (row closed, tape written). */
  onMs: number;
  offMs: number;
  /** Median of the blocks' on / off, to the run.end event the member sees. */
  ratio: number;
  /** Median of the blocks' on / off, to the run's return: all the work recording adds. */
  closedRatio: number;
  /** The tape as downloaded (csp-tape/1) and as stored (compressed, lib/tapes/recording.ts). */
  tapeBytes: number;
  storedBytes: number;
  exchanges: number;
};

export const TAPE_BLOCKS = 9;
export const TAPE_PAIRS = 10;
/** With the simulated model's latency on, where a member would feel it: fewer runs, they are slow. */
const LATENCY_BLOCKS = 1;
const LATENCY_PAIRS = 6;

type Block = { onSeen: number; offSeen: number; on: number; off: number };
const emptyBlock = (): Block => ({ onSeen: 0, offSeen: 0, on: 0, off: 0 });

/** One run, timed to its run.end event and to its return (its row closed and, when recorded, its tape written). */
async function once(pattern: PatternId, record: boolean, i: number, simLatency: "on" | "off" = "off") {
  const userId = `bench-tapes-${pattern}-${record ? "on" : "off"}-${i}`;
  const started = performance.now();
  let seen = 0;
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
    (event) => {
      if (event.type === "run.end") seen = performance.now() - started;
    },
  );
  return { runId: outcome.runId, seen, ms: performance.now() - started };
}

/** Blocks of pairs, one run on and one off, alternating which goes first: each block's total ms on and off. */
async function blocks(pattern: PatternId, count: number, pairs: number, simLatency: "on" | "off"): Promise<Block[]> {
  const result: Block[] = [];
  for (let b = 0; b < count; b++) {
    const block = emptyBlock();
    for (let p = 0; p < pairs; p++) {
      const i = b * pairs + p;
      const onFirst = i % 2 === 0;
      const first = await once(pattern, onFirst, i, simLatency);
      const second = await once(pattern, !onFirst, i, simLatency);
      const [on, off] = onFirst ? [first, second] : [second, first];
      block.onSeen += on.seen;
      block.offSeen += off.seen;
      block.on += on.ms;
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
  tape: Pick<TapeRow, "tapeBytes" | "storedBytes" | "exchanges">,
): TapeRow {
  const runs = measured.length * pairs;
  return {
    pattern,
    latency,
    onMs: measured.reduce((sum, b) => sum + b.on, 0) / runs,
    offMs: measured.reduce((sum, b) => sum + b.off, 0) / runs,
    ratio: median(measured.map((b) => b.onSeen / b.offSeen)),
    closedRatio: median(measured.map((b) => b.on / b.off)),
    ...tape,
  };
}

export async function benchTapes(): Promise<{ rows: TapeRow[]; all: Pick<TapeRow, "ratio" | "closedRatio"> }> {
  process.env.SIM_LATENCY = "off";
  const { server, url } = await listenServices(SERVICES);
  const settings = SERVICE_NAMES.map((name) => [urlSetting(name), process.env[urlSetting(name)]] as const);
  for (const [key] of settings) process.env[key] = url;
  try {
    const rows: TapeRow[] = [];
    const totals: Block[] = Array.from({ length: TAPE_BLOCKS }, emptyBlock);
    for (const pattern of PATTERN_IDS) {
      for (let i = 0; i < WARMUP; i++) {
        await once(pattern, true, -1 - i);
        await once(pattern, false, -1 - i);
      }
      const measured = await blocks(pattern, TAPE_BLOCKS, TAPE_PAIRS, "off");
      measured.forEach((b, i) => {
        totals[i].onSeen += b.onSeen;
        totals[i].offSeen += b.offSeen;
        totals[i].on += b.on;
        totals[i].off += b.off;
      });
      const sample = await once(pattern, true, 10_000);
      const tape = await tapeDocument(sample.runId, `bench-tapes-${pattern}-on-10000`);
      const stored = await (await db()).run.findUniqueOrThrow({ where: { id: sample.runId }, select: { tape: true } });
      rows.push(
        row(pattern, "off", measured, TAPE_PAIRS, {
          tapeBytes: Buffer.byteLength(JSON.stringify(tape)),
          storedBytes: Buffer.byteLength(stored.tape ?? ""),
          exchanges: tape?.exchanges.length ?? 0,
        }),
      );
    }
    const d = rows.find((r) => r.pattern === "D")!;
    rows.push(
      row("D", "on", await blocks("D", LATENCY_BLOCKS, LATENCY_PAIRS, "on"), LATENCY_PAIRS, {
        tapeBytes: d.tapeBytes,
        storedBytes: d.storedBytes,
        exchanges: d.exchanges,
      }),
    );
    return {
      rows,
      all: { ratio: median(totals.map((b) => b.onSeen / b.offSeen)), closedRatio: median(totals.map((b) => b.on / b.off)) },
    };
  } finally {
    for (const [key, value] of settings) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await new Promise((resolve) => server.close(resolve));
  }
}
