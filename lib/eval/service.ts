import { z } from "zod";
import { generateCases, sampleCases } from "@/eval/generate";
import type { Clock } from "@/lib/domain/clock-schema";
import { AppError } from "@/lib/errors";
import { PATTERN_IDS } from "@/lib/patterns/types";
import { corpusClock, playableCases, selectCases, type EvalCase } from "./cases";
import { Dataset } from "./dataset";
import { FAULTS } from "./faults";
import { cellsOf, planJobs, runEvaluation, type EvalPlan } from "./runner";
import { env } from "@/lib/env";
import { cancelEvaluation, createEvaluation, finishEvaluation, hasRunningEvaluation, saveProgress } from "./store";

/**
 * Evaluations started over HTTP run inside the app's process, so they are bounded: a plan of at
 * most MAX_RUNS cases in all, CONCURRENCY cases at a time, one running evaluation per member (on
 * any instance), MAX_ON_SERVER per process and EVAL_MAX_MINUTES of wall clock each, and its owner
 * may cancel it, so nobody can hold the server for hours.
 */
export const EVAL_LIMITS = {
  maxCases: 50,
  maxRepeat: 5,
  maxRuns: 800,
  concurrency: 4,
  perMember: 1,
  onServer: 2,
  maxBodyBytes: 1024 * 1024,
} as const;
const PROGRESS_EVERY_MS = 250;

const unique = <T>(list: T[]) => new Set(list).size === list.length;

export const EvalRequest = z
  .object({
    patterns: z.array(z.enum(PATTERN_IDS)).min(1).max(PATTERN_IDS.length).refine(unique, "patterns must not repeat"),
    faults: z.array(z.enum(FAULTS)).min(1).max(FAULTS.length).refine(unique, "faults must not repeat"),
    /** How many of the corpus's cases; with a dataset, all of its cases play and this may be left out. */
    cases: z.number().int().min(1).max(EVAL_LIMITS.maxCases).optional(),
    repeat: z.number().int().min(1).max(EVAL_LIMITS.maxRepeat).default(1),
    /** Simulated variation of the model (0: deterministic); each repeat has its own seed. */
    temperature: z.number().min(0).max(1).default(0),
    seed: z.number().int().min(0).max(1_000_000).default(0),
    /** Cases of one's own instead of the corpus. */
    dataset: Dataset.optional(),
    /** Without a dataset: the conversation corpus, or a seeded sample (`seed`) of the generated set (eval/generate). */
    set: z.enum(["corpus", "generated"]).default("corpus"),
  })
  .strict()
  .refine((r) => r.cases !== undefined || r.dataset, { path: ["cases"], message: "cases is required without a dataset" });
export type EvalRequest = z.infer<typeof EvalRequest>;

/** Evaluations running in this process, by id: their owner, and how to stop their cases. */
const running = new Map<string, { ownerId: string; stop: AbortController }>();

/** The cases a request plays: its dataset's, or the corpus's first `cases`, with what the evaluation records of them. */
function casesOf(request: EvalRequest): { cases: EvalCase[]; dataset: { name: string; clock: Clock } } {
  if (!request.dataset && request.set === "generated") {
    const sample = sampleCases(generateCases(), request.cases!, request.seed);
    const clock = corpusClock();
    return {
      cases: sample.map((c) => ({ ...c, caseId: `generated/${c.id}`, clock })),
      dataset: { name: `generated (sample seed ${request.seed})`, clock },
    };
  }
  if (!request.dataset) return { cases: selectCases(request.cases!), dataset: { name: "corpus", clock: corpusClock() } };
  return { cases: playableCases(request.dataset), dataset: { name: request.dataset.name, clock: request.dataset.clock } };
}

/** Starts an evaluation in the background and answers its id at once; progress and cells are stored as it goes. */
export async function startEvaluation(ownerId: string, request: EvalRequest, origin: string): Promise<{ id: string; total: number }> {
  const { dataset: _cases, set: _set, ...choices } = request;
  const { cases, dataset } = casesOf(request);
  const plan: EvalPlan = { ...choices, cases: cases.length, concurrency: EVAL_LIMITS.concurrency, simLatency: "off" };
  const total = planJobs(plan, cases).length;
  if (total > EVAL_LIMITS.maxRuns) {
    throw new AppError(
      "bad_request",
      `That plan plays ${total} cases; an evaluation over HTTP plays at most ${EVAL_LIMITS.maxRuns} (fewer patterns, faults, cases or repeats; the CLI, npm run eval, has no such bound).`,
    );
  }
  // Checked and claimed in one synchronous step, so two requests at once cannot both pass.
  const mine = [...running.entries()].filter(([, e]) => e.ownerId === ownerId).map(([id]) => id);
  if (mine.length >= EVAL_LIMITS.perMember) throw alreadyRunning(mine[0]);
  if (running.size >= EVAL_LIMITS.onServer) {
    throw new AppError("rate_limited", `${EVAL_LIMITS.onServer} evaluations are running on this server: try again when one has finished.`, {
      retryable: true,
      details: { retry_after_s: 10 },
    });
  }
  const claim = `pending_${crypto.randomUUID()}`;
  const stop = new AbortController();
  running.set(claim, { ownerId, stop });
  let id: string;
  try {
    if (await hasRunningEvaluation(ownerId)) throw alreadyRunning();
    id = await createEvaluation(ownerId, { ...choices, cases: cases.length, dataset, vendors: "sim" }, total);
  } finally {
    running.delete(claim);
  }
  running.set(id, { ownerId, stop });
  void play(id, plan, cases, origin, stop).finally(() => running.delete(id));
  return { id, total };
}

function alreadyRunning(id?: string): AppError {
  return new AppError(
    "already_running",
    `You already have an evaluation running${id ? ` (${id})` : ""}: wait for it to finish or cancel it (DELETE /api/evals/{id}).`,
    id ? { details: { running: id } } : {},
  );
}

/** Stops the member's running evaluation: its cases in flight end, and it reads as cancelled. */
export async function cancelRunningEvaluation(id: string, ownerId: string): Promise<void> {
  await cancelEvaluation(id, ownerId);
  const here = running.get(id);
  if (here?.ownerId === ownerId) here.stop.abort(new AppError("aborted", "Cancelled by its owner."));
}

async function play(id: string, plan: EvalPlan, cases: EvalCase[], origin: string, stop: AbortController): Promise<void> {
  const maxMinutes = env().EVAL_MAX_MINUTES;
  const overtime = setTimeout(
    () =>
      stop.abort(new AppError("aborted", `Stopped after ${maxMinutes} min, the longest an evaluation may run here (EVAL_MAX_MINUTES).`)),
    maxMinutes * 60_000,
  );
  let saved = 0;
  let saving = Promise.resolve();
  try {
    const cells = await runEvaluation(plan, {
      evalId: id,
      origin,
      dataset: cases,
      signal: stop.signal,
      onProgress: (done, _total, results) => {
        if (Date.now() - saved < PROGRESS_EVERY_MS) return;
        saved = Date.now();
        const partial = cellsOf(plan, results);
        saving = saving
          .then(async () => {
            // Cancelled from another instance: this one stops playing it.
            if (!(await saveProgress(id, done, partial))) stop.abort(new AppError("aborted", "Cancelled by its owner."));
          })
          .catch((error: unknown) => console.error(error));
      },
    });
    await saving;
    await finishEvaluation(id, { cells, done: planJobs(plan, cases).length });
  } catch (error) {
    await saving;
    const outcome = stop.signal.aborted
      ? { cancelled: (stop.signal.reason as Error).message }
      : { error: error instanceof Error ? error.message : String(error) };
    if (!stop.signal.aborted) console.error(error);
    await finishEvaluation(id, outcome).catch((e: unknown) => console.error(e));
  } finally {
    clearTimeout(overtime);
  }
}
