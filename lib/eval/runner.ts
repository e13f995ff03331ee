import { book, listBookings } from "@/lib/domain/bookings";
import { createSandbox, removeSandbox } from "@/lib/domain/schedules";
import { executeRun } from "@/lib/patterns/engine";
import type { RunChaos } from "@/lib/patterns/options";
import type { PatternId } from "@/lib/patterns/types";
import type { Metrics } from "@/lib/trace/events";
import { selectCases, type EvalCase } from "./cases";
import { summarize, type CaseResult, type Cell } from "./cells";
import { faultChaos, type Fault } from "./faults";
import { judge } from "./judge";

export type EvalPlan = {
  patterns: PatternId[];
  faults: Fault[];
  /** How many cases of the corpus (the first of its stratified order). */
  cases: number;
  /** Each case this many times, to show the spread. */
  repeat: number;
  /** Cases in flight at once. */
  concurrency: number;
  /** Simulated model latency; "off" answers at once. */
  simLatency?: "on" | "off";
  /** Run on the vendors whose credentials are set instead of the simulated model (CLI only). */
  live?: boolean;
  /** The simulated model's variation (0, the default, is deterministic); repeat i plays with seed `seed + i`. */
  temperature?: number;
  seed?: number;
};

export type EvalHooks = {
  /** Distinguishes this evaluation's members (and so sandboxes and sessions) from any other's. */
  evalId: string;
  /** This app's base URL, for C and G's services. */
  origin: string;
  onProgress?: (done: number, total: number, results: readonly CaseResult[]) => void;
  signal?: AbortSignal;
  /** The dataset; the corpus by default (tests pass a small one). */
  dataset?: EvalCase[];
  /** Plays only every `count`-th job from `index` on: one of several processes sharing the matrix (the CLI's workers). */
  shard?: { index: number; count: number };
};

type Job = { pattern: PatternId; fault: Fault; repeat: number; c: EvalCase; chaos: RunChaos | undefined };

/** Every pattern × fault × case × repeat that applies, as one list of jobs. */
export function planJobs(plan: EvalPlan, dataset: EvalCase[] = selectCases(plan.cases)): Job[] {
  const jobs: Job[] = [];
  for (const pattern of plan.patterns) {
    for (const fault of plan.faults) {
      const chaos = faultChaos(fault, pattern);
      if (chaos === null) continue;
      for (let repeat = 0; repeat < plan.repeat; repeat++) {
        const varied = plan.temperature
          ? { ...chaos, variation: { temperature: plan.temperature, seed: (plan.seed ?? 0) + repeat } }
          : chaos;
        for (const c of dataset) jobs.push({ pattern, fault, repeat, c, chaos: varied });
      }
    }
  }
  return jobs;
}

/**
 * Runs the matrix: each case as its own member in its own sandbox of the schedule (seeded like the
 * club's, removed once judged), turn by turn through the pattern with the fault on every turn, then
 * judged on its replies and the member's bookings. `concurrency` cases run at once.
 */
export async function runEvaluation(plan: EvalPlan, hooks: EvalHooks): Promise<Cell[]> {
  const shard = hooks.shard ?? { index: 0, count: 1 };
  const jobs = planJobs(plan, hooks.dataset ?? selectCases(plan.cases)).filter((_, i) => i % shard.count === shard.index);
  const results: CaseResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length && !hooks.signal?.aborted) {
      const job = jobs[next++];
      results.push(await playCase(job, plan, hooks));
      hooks.onProgress?.(results.length, jobs.length, results);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(plan.concurrency, jobs.length)) }, worker));
  hooks.signal?.throwIfAborted();
  return cellsOf(plan, results);
}

/** The matrix so far: one cell per pattern × fault of the plan, from the cases played. */
export function cellsOf(plan: EvalPlan, results: readonly CaseResult[]): Cell[] {
  return summarize(plan.patterns, plan.faults, plan.repeat, [...results], (p, f) => faultChaos(f, p) !== null);
}

async function playCase(job: Job, plan: EvalPlan, hooks: EvalHooks): Promise<CaseResult> {
  const userId = `eval:${hooks.evalId}:${job.pattern}:${job.fault}:${job.repeat}:${job.c.file}:${job.c.id}`;
  const sandbox = await createSandbox(userId, "eval");
  try {
    for (const slot of job.c.setup ?? []) await book(userId, slot, undefined, sandbox.id);
    const replies: string[] = [];
    const runIds: string[] = [];
    const metrics: Metrics[] = [];
    let sessionId: string | undefined;
    for (const turn of job.c.turns) {
      const outcome = await executeRun(
        {
          pattern: job.pattern,
          message: turn.say,
          userId,
          sessionId,
          scheduleId: sandbox.id,
          origin: hooks.origin,
          signal: hooks.signal ?? new AbortController().signal,
          options: { forceSim: !plan.live, simLatency: plan.simLatency ?? "off", chaos: job.chaos },
        },
        (e) => {
          if (e.type === "run.end") metrics.push(e.metrics);
        },
      );
      sessionId = outcome.sessionId;
      replies.push(outcome.reply);
      runIds.push(outcome.runId);
    }
    const booked = (await listBookings(userId, sandbox.id)).map((b) => b.slot_id);
    const verdict = judge(job.c, replies, booked);
    const sum = (f: (m: Metrics) => number) => metrics.reduce((n, m) => n + f(m), 0);
    return {
      pattern: job.pattern,
      fault: job.fault,
      repeat: job.repeat,
      caseId: `${job.c.file}/${job.c.id}`,
      ok: verdict.ok,
      booked,
      wrong: verdict.wrong,
      problems: verdict.problems,
      runIds,
      ms: sum((m) => m.ms),
      llmCalls: sum((m) => m.llmCalls),
      tokens: sum((m) => m.inputTokens + m.outputTokens),
      costUsd: sum((m) => m.costUsd),
      decisions: { code: sum((m) => m.decisions.code), llm: sum((m) => m.decisions.llm), aws: sum((m) => m.decisions.aws) },
    };
  } finally {
    await removeSandbox(userId, sandbox.id);
  }
}
