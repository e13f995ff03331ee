import { db, dbKind } from "@/lib/db/client";
import { onWake, wake } from "@/lib/db/wakeups";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { RunTrace } from "@/lib/trace/emitter";
import type { Stepper } from "./kit/context";

/**
 * Step mode: a run waits before each node starts until its owner continues. Holds reached and
 * continues sent are counted in the database (StepGate), so a continue that reaches any app
 * instance releases the run wherever it is held: the continue wakes it (an event in this process,
 * a NOTIFY to the others on PostgreSQL) and the run reads its gate again, the database being the
 * truth. Nothing polls; on PostgreSQL a held run also looks again every RECHECK_MS, in case a
 * notification was lost with a connection. Held time stops the run's clock. A hold nobody continues
 * within STEP_HOLD_MS ends the run as aborted. A member, an address and this server each hold at
 * most STEP_RUNS_PER_* step-mode runs at once.
 */
const CHANNEL = "step_gate";
const RECHECK_MS = 5000;
/** Step-mode runs open in this process (the server's cap). */
let openHere = 0;
/** Admissions one after another, so runs asked for at once cannot all pass the same count. */
let admitting: Promise<unknown> = Promise.resolve();

type Opened = Stepper & { close(): Promise<void> };

/** Refuses another step-mode run when the member, their address or this server holds as many as allowed (429, saying which). */
export async function admitStepRun(userId: string, address: string | undefined): Promise<void> {
  const { STEP_RUNS_PER_MEMBER, STEP_RUNS_PER_ADDRESS, STEP_RUNS_PER_SERVER } = env();
  const full = (reason: string) =>
    new AppError("rate_limited", `${reason}; finish or stop one of them first.`, { retryable: true, details: { retry_after_s: 30 } });
  if (openHere >= STEP_RUNS_PER_SERVER) throw full(`This server already holds ${STEP_RUNS_PER_SERVER} runs in step mode`);
  const prisma = await db();
  const [mine, fromAddress] = await Promise.all([
    prisma.stepGate.count({ where: { userId } }),
    address === undefined ? 0 : prisma.stepGate.count({ where: { address } }),
  ]);
  if (mine >= STEP_RUNS_PER_MEMBER) throw full(`You already have ${STEP_RUNS_PER_MEMBER} runs waiting in step mode`);
  if (fromAddress >= STEP_RUNS_PER_ADDRESS) throw full(`Your network already has ${STEP_RUNS_PER_ADDRESS} runs waiting in step mode`);
}

export async function openStepper(
  runId: string,
  who: { userId: string; address?: string },
  trace: RunTrace,
  expire: (reason: AppError) => void,
  signal: AbortSignal,
): Promise<Opened> {
  const prisma = await db();
  const admitted = admitting.then(async () => {
    await admitStepRun(who.userId, who.address);
    await prisma.stepGate.create({ data: { runId, userId: who.userId, address: who.address ?? null } });
    openHere += 1;
  });
  admitting = admitted.catch(() => undefined);
  await admitted;
  let holds = 0;
  return {
    now: () => trace.now(),
    async hold(node: string) {
      signal.throwIfAborted();
      holds += 1;
      await prisma.stepGate.update({ where: { runId }, data: { holds } });
      trace.emit({ type: "node.paused", node, hold: holds });
      const resume = trace.hold();
      try {
        await waitForContinue(runId, holds, signal, expire);
      } finally {
        resume();
      }
    },
    async close() {
      openHere -= 1;
      await prisma.stepGate.deleteMany({ where: { runId } });
    },
  };
}

async function waitForContinue(runId: string, hold: number, signal: AbortSignal, expire: (reason: AppError) => void): Promise<void> {
  const prisma = await db();
  const deadline = Date.now() + env().STEP_HOLD_MS;
  // Listening starts before the gate is read, so a continue between the two is not missed.
  const wakeups = wakeupsOf(runId);
  try {
    for (;;) {
      const gate = await prisma.stepGate.findUnique({ where: { runId }, select: { continues: true } });
      if (gate && gate.continues >= hold) return;
      signal.throwIfAborted();
      if (Date.now() >= deadline) {
        const reason = new AppError(
          "aborted",
          `Nobody continued the run within ${Math.round(env().STEP_HOLD_MS / 1000)} s, so it was ended.`,
        );
        expire(reason);
        throw reason;
      }
      const wait = deadline - Date.now();
      await wakeups.next(dbKind() === "postgres" ? Math.min(RECHECK_MS, wait) : wait, signal);
    }
  } finally {
    wakeups.stop();
  }
}

/** A run's wake-ups as they come: `next` resolves at the next one (or one that came since the last), the timeout, or an abort. */
function wakeupsOf(runId: string) {
  let woken = false;
  let release: (() => void) | undefined;
  const stop = onWake(CHANNEL, runId, () => {
    woken = true;
    release?.();
  });
  return {
    stop,
    next(ms: number, signal: AbortSignal): Promise<void> {
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener("abort", done);
          release = undefined;
          woken = false;
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, ms));
        signal.addEventListener("abort", done, { once: true });
        release = done;
        if (woken || signal.aborted) done();
      });
    },
  };
}

/**
 * Releases a held run: only its owner may, and only while it waits. Unknown and finished runs are
 * not found, another member's run is forbidden, a run that is not waiting is a conflict.
 */
export async function continueRun(runId: string, userId: string): Promise<{ continued: number }> {
  const prisma = await db();
  const gate = await prisma.stepGate.findUnique({ where: { runId } });
  if (!gate) throw new AppError("not_found", `No run "${runId}" is running in step mode.`);
  if (gate.userId !== userId) throw new AppError("forbidden", "Only the member who started the run can continue it.");
  const released =
    await prisma.$executeRaw`UPDATE "StepGate" SET "continues" = "continues" + 1, "updatedAt" = now() WHERE "runId" = ${runId} AND "continues" < "holds"`;
  if (!released) throw new AppError("not_paused", "The run is not waiting for you right now.");
  await wake(CHANNEL, runId);
  return { continued: gate.continues + 1 };
}
