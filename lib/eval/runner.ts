import { book, listBookings } from "@/lib/domain/bookings";
import { onClock } from "@/lib/domain/clock";
import { createSandbox, removeSandbox } from "@/lib/domain/schedules";
import { isAppError } from "@/lib/errors";
import { executeRun } from "@/lib/patterns/engine";
import type { RunChaos } from "@/lib/patterns/options";
import type { PatternId } from "@/lib/patterns/types";
import type { Metrics } from "@/lib/trace/events";
import { selectCases, type EvalCase } from "./cases";
import { summarize, type CaseResult, type Cell } from "./cells";
import { faultChaos, type Fault } from "./faults";
import { failureKind, judge } from "./judge";

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
  /** The dataset; the corpus's first `cases` by default. */
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

/** Other members of the club, one per slot of a case's `othersSetup` (so no daily limit of one member's stands in the way). */
const otherMember = (n: number) => `eval-other-member-${n}`;

/**
 * One case on its own clock (the sandbox's seed, the setup, every turn and the judging all take
 * "now" from it), so a case means the same on any server.
 */
function playCase(job: Job, plan: EvalPlan, hooks: EvalHooks): Promise<CaseResult> {
  return onClock(job.c.clock, () => playOnClock(job, plan, hooks));
}

async function playOnClock(job: Job, plan: EvalPlan, hooks: EvalHooks): Promise<CaseResult> {
  const userId = `eval:${hooks.evalId}:${job.pattern}:${job.fault}:${job.repeat}:${job.c.caseId}`;
  const sandbox = await createSandbox(userId, "eval");
  try {
    const unlaid = await laySetup(job.c, userId, sandbox.id);
    const replies: string[] = [];
    const runIds: string[] = [];
    const metrics: Metrics[] = [];
    let errored = false;
    let sessionId: string | undefined;
    for (const turn of unlaid ? [] : job.c.turns) {
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
          clock: { ...job.c.clock, source: "case" },
        },
        (e) => {
          if (e.type === "run.end") metrics.push(e.metrics);
        },
      );
      sessionId = outcome.sessionId;
      errored ||= outcome.status === "error";
      replies.push(outcome.reply);
      runIds.push(outcome.runId);
    }
    const booked = (await listBookings(userId, sandbox.id)).map((b) => b.slot_id);
    const judged = judge(job.c, replies, booked);
    const verdict = unlaid ? { ...judged, ok: false, problems: [unlaid, ...judged.problems] } : judged;
    const sum = (f: (m: Metrics) => number) => metrics.reduce((n, m) => n + f(m), 0);
    return {
      pattern: job.pattern,
      fault: job.fault,
      repeat: job.repeat,
      caseId: job.c.caseId,
      ok: verdict.ok,
      booked,
      wrong: verdict.wrong,
      problems: verdict.problems,
      kind: verdict.ok ? null : failureKind(job.c, verdict, booked, replies, { faulted: job.fault !== "none", errored }),
      exchange: job.c.turns.map((turn, i) => ({ say: turn.say, reply: replies[i] ?? "" })),
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

/**
 * Lays the bookings a case starts from: the member's own and other members' (a slot the seed
 * already gives another member counts as laid). Returns what could not be laid, which fails the
 * case with that finding instead of the whole evaluation.
 */
async function laySetup(c: EvalCase, userId: string, scheduleId: string): Promise<string | undefined> {
  const lay = async (slot: string, holder: string) => {
    try {
      await book(holder, slot, undefined, scheduleId);
    } catch (error) {
      if (holder !== userId && isAppError(error) && error.code === "slot_taken") return undefined;
      if (isAppError(error)) return `setup: ${slot} could not be booked (${error.message})`;
      throw error;
    }
    return undefined;
  };
  for (const slot of c.setup ?? []) {
    const problem = await lay(slot, userId);
    if (problem) return problem;
  }
  for (const [n, slot] of (c.othersSetup ?? []).entries()) {
    const problem = await lay(slot, otherMember(n));
    if (problem) return problem;
  }
  return undefined;
}
