import { DateTime } from "luxon";
import { z } from "zod";
import { clubNow, clubTimezone } from "@/lib/domain/clock";
import { AppError } from "@/lib/errors";
import { PATTERN_IDS } from "@/lib/patterns/types";
import { corpusClock } from "./cases";
import { FAULTS } from "./faults";
import { cellsOf, planJobs, runEvaluation, type EvalPlan } from "./runner";
import { createEvaluation, finishEvaluation, saveProgress } from "./store";

/**
 * Evaluations started over HTTP run inside the app's process, so they are bounded: a plan of at
 * most MAX_RUNS cases in all, CONCURRENCY cases at a time, one evaluation per member and
 * MAX_ON_SERVER per process, so nobody can slow the server down for everyone else.
 */
export const EVAL_LIMITS = { maxCases: 50, maxRepeat: 5, maxRuns: 800, concurrency: 4, perMember: 1, onServer: 2 } as const;
const PROGRESS_EVERY_MS = 250;

const unique = <T>(list: T[]) => new Set(list).size === list.length;

export const EvalRequest = z
  .object({
    patterns: z.array(z.enum(PATTERN_IDS)).min(1).max(PATTERN_IDS.length).refine(unique, "patterns must not repeat"),
    faults: z.array(z.enum(FAULTS)).min(1).max(FAULTS.length).refine(unique, "faults must not repeat"),
    cases: z.number().int().min(1).max(EVAL_LIMITS.maxCases),
    repeat: z.number().int().min(1).max(EVAL_LIMITS.maxRepeat).default(1),
    /** Simulated variation of the model (0: deterministic); each repeat has its own seed. */
    temperature: z.number().min(0).max(1).default(0),
    seed: z.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();
export type EvalRequest = z.infer<typeof EvalRequest>;

/** Evaluations running in this process, by id, with their owner. */
const running = new Map<string, string>();

/**
 * The corpus's expectations name dates ("tomorrow" is 2026-12-02): they hold only on the corpus's
 * clock, so an evaluation on any other refuses to start rather than report false failures.
 */
export function assertCorpusClock(): void {
  const { now, timezone } = corpusClock();
  const expected = DateTime.fromISO(now, { zone: timezone });
  const actual = clubNow();
  if (clubTimezone() !== timezone || Math.abs(actual.toMillis() - expected.toMillis()) >= 60_000) {
    throw new AppError(
      "clock_mismatch",
      `Evaluations judge against the corpus's clock: start the server with PLAYGROUND_NOW=${now} and CLUB_TIMEZONE=${timezone}.`,
    );
  }
}

/** Starts an evaluation in the background and answers its id at once; progress and cells are stored as it goes. */
export async function startEvaluation(ownerId: string, request: EvalRequest, origin: string): Promise<{ id: string; total: number }> {
  assertCorpusClock();
  const plan: EvalPlan = { ...request, concurrency: EVAL_LIMITS.concurrency, simLatency: "off" };
  const total = planJobs(plan).length;
  if (total > EVAL_LIMITS.maxRuns) {
    throw new AppError(
      "bad_request",
      `That plan plays ${total} cases; an evaluation over HTTP plays at most ${EVAL_LIMITS.maxRuns} (fewer patterns, faults, cases or repeats; the CLI, npm run eval, has no such bound).`,
    );
  }
  // Checked and claimed in one synchronous step, so two requests at once cannot both pass.
  if ([...running.values()].filter((o) => o === ownerId).length >= EVAL_LIMITS.perMember) {
    throw new AppError("rate_limited", "You already have an evaluation running: wait for it to finish.", {
      retryable: true,
      details: { retry_after_s: 10 },
    });
  }
  if (running.size >= EVAL_LIMITS.onServer) {
    throw new AppError("rate_limited", `${EVAL_LIMITS.onServer} evaluations are running on this server: try again when one has finished.`, {
      retryable: true,
      details: { retry_after_s: 10 },
    });
  }
  const claim = `pending_${crypto.randomUUID()}`;
  running.set(claim, ownerId);
  let id: string;
  try {
    id = await createEvaluation(ownerId, request, total);
  } finally {
    running.delete(claim);
  }
  running.set(id, ownerId);
  void play(id, plan, origin).finally(() => running.delete(id));
  return { id, total };
}

async function play(id: string, plan: EvalPlan, origin: string): Promise<void> {
  let saved = 0;
  let saving = Promise.resolve();
  try {
    const cells = await runEvaluation(plan, {
      evalId: id,
      origin,
      onProgress: (done, _total, results) => {
        if (Date.now() - saved < PROGRESS_EVERY_MS) return;
        saved = Date.now();
        const partial = cellsOf(plan, results);
        saving = saving.then(() => saveProgress(id, done, partial)).catch((error: unknown) => console.error(error));
      },
    });
    await saving;
    await finishEvaluation(id, { cells, done: planJobs(plan).length });
  } catch (error) {
    await saving;
    console.error(error);
    await finishEvaluation(id, { error: error instanceof Error ? error.message : String(error) }).catch((e: unknown) => console.error(e));
  }
}
