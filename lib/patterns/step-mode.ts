import { EventEmitter } from "node:events";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { RunTrace } from "@/lib/trace/emitter";
import type { Stepper } from "./kit/context";

/**
 * Step mode: a run waits before each node starts until its owner continues. Holds reached and
 * continues sent are counted in the database (StepGate), so a continue that reaches any app
 * instance releases the run wherever it is held; a continue on this instance also wakes it at once,
 * and other instances notice within POLL_MS. Held time stops the run's clock. A hold nobody
 * continues within STEP_HOLD_MS ends the run as aborted.
 */
const POLL_MS = 250;
const wakeups = new EventEmitter();
wakeups.setMaxListeners(0);

type Opened = Stepper & { close(): Promise<void> };

export async function openStepper(
  runId: string,
  userId: string,
  trace: RunTrace,
  expire: (reason: AppError) => void,
  signal: AbortSignal,
): Promise<Opened> {
  const prisma = await db();
  await prisma.stepGate.create({ data: { runId, userId } });
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
      await prisma.stepGate.deleteMany({ where: { runId } });
    },
  };
}

async function waitForContinue(runId: string, hold: number, signal: AbortSignal, expire: (reason: AppError) => void): Promise<void> {
  const prisma = await db();
  const deadline = Date.now() + env().STEP_HOLD_MS;
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
    await nextWakeup(runId, Math.min(POLL_MS, deadline - Date.now()), signal);
  }
}

function nextWakeup(runId: string, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      wakeups.off(runId, done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    wakeups.on(runId, done);
    signal.addEventListener("abort", done, { once: true });
  });
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
  wakeups.emit(runId);
  return { continued: gate.continues + 1 };
}
