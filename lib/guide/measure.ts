import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Fault } from "@/lib/eval/faults";
import { planJobs, runEvaluation, type EvalPlan } from "@/lib/eval/runner";
import { loadEvaluation } from "@/lib/eval/store";
import type { PatternId } from "@/lib/patterns/types";
import { figuresOf, type Measured } from "./figures";

/**
 * The guide's own measurement, for a visitor without an evaluation of their own: a few cases of the
 * corpus through the pattern on the simulated model, clean and under a fault of each kind the model
 * or a service can have (bad output, a failing vendor, a service down; a timeout and a slow model
 * wait on the clock, so they are left out). The simulated model is deterministic,
 * so a pattern is measured once per process and every visitor reads that result.
 */
export const BUILT_IN = {
  cases: 3,
  faults: ["none", "malformedJson", "vendor500", "serviceDown"] satisfies Fault[],
  concurrency: 2,
} as const;

/** How many of the viewer's latest finished evaluations are searched for one that played the pattern. */
const EVALUATIONS_SEARCHED = 20;

type InFlight = { progress: { done: number; total: number } };

const measured = new Map<PatternId, Measured>();
const inFlight = new Map<PatternId, InFlight>();
const failed = new Map<PatternId, string>();

export type MeasuredState = {
  measured: Measured | null;
  /** While the built-in measurement of the pattern runs. */
  progress: { done: number; total: number } | null;
  /** Why the last built-in measurement of the pattern did not finish. */
  error: string | null;
};

/**
 * The figures shown for a pattern: from the viewer's latest finished evaluation that played it on
 * clean input (evaluations are their owner's alone), otherwise from the built-in measurement if one
 * has run, with its progress while it runs.
 */
export async function measuredFor(viewerId: string, pattern: PatternId): Promise<MeasuredState> {
  const fromEvaluation = await latestEvaluation(viewerId, pattern);
  if (fromEvaluation) return { measured: fromEvaluation, progress: null, error: null };
  return { measured: measured.get(pattern) ?? null, progress: inFlight.get(pattern)?.progress ?? null, error: failed.get(pattern) ?? null };
}

async function latestEvaluation(viewerId: string, pattern: PatternId): Promise<Measured | null> {
  const rows = await (
    await db()
  ).evaluation.findMany({
    where: { ownerId: viewerId, status: "done" },
    orderBy: { createdAt: "desc" },
    take: EVALUATIONS_SEARCHED,
    select: { id: true, plan: true },
  });
  for (const row of rows) {
    const plan = row.plan as Pick<EvalPlan, "patterns" | "faults">;
    if (!plan.patterns.includes(pattern) || !plan.faults.includes("none")) continue;
    const evaluation = await loadEvaluation(row.id, viewerId);
    const figures = figuresOf(evaluation.cells, pattern);
    if (!figures) continue;
    return {
      source: {
        kind: "evaluation",
        id: evaluation.id,
        at: evaluation.endedAt ?? evaluation.createdAt,
        cases: evaluation.plan.cases,
        repeat: evaluation.plan.repeat,
      },
      figures,
    };
  }
  return null;
}

/**
 * Starts the built-in measurement of a pattern in the background, unless it has run or is running
 * (then the viewer waits on that one). One at a time on the server (so one per member too); its
 * cases run on the corpus's clock, whatever the server's.
 */
export function startMeasurement(pattern: PatternId, origin: string): void {
  if (measured.has(pattern)) return;
  if (inFlight.has(pattern)) return;
  if (inFlight.size > 0) {
    throw new AppError("rate_limited", "The guide is measuring another pattern on this server: try again in a few seconds.", {
      retryable: true,
      details: { retry_after_s: 5 },
    });
  }
  const plan: EvalPlan = {
    patterns: [pattern],
    faults: [...BUILT_IN.faults],
    cases: BUILT_IN.cases,
    repeat: 1,
    concurrency: BUILT_IN.concurrency,
    simLatency: "off",
  };
  const entry: InFlight = { progress: { done: 0, total: planJobs(plan).length } };
  inFlight.set(pattern, entry);
  failed.delete(pattern);
  void runEvaluation(plan, {
    evalId: `guide_${randomUUID()}`,
    origin,
    onProgress: (done, total) => {
      entry.progress = { done, total };
    },
  })
    .then((cells) => {
      const figures = figuresOf(cells, pattern);
      if (!figures) throw new AppError("internal", `The measurement of pattern ${pattern} played no clean case.`);
      measured.set(pattern, { source: { kind: "built-in", at: new Date().toISOString(), cases: BUILT_IN.cases }, figures });
    })
    .catch((error: unknown) => {
      console.error(error);
      failed.set(pattern, error instanceof Error ? error.message : String(error));
    })
    .finally(() => inFlight.delete(pattern));
}
