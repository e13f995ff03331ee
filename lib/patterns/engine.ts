import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { jsonbText } from "@/lib/db/json";
import { CLUB_SCHEDULE } from "@/lib/domain/schedules";
import { AppError, isAppError } from "@/lib/errors";
import { createClients } from "@/lib/llm";
import { RunTrace } from "@/lib/trace/emitter";
import type { TraceEvent } from "@/lib/trace/events";
import { foldMetrics } from "@/lib/trace/metrics";
import { RunStore } from "@/lib/trace/store";
import { patternById } from "./index";
import type { RunOptions } from "./kit/context";
import { openStepper } from "./step-mode";
import type { PatternId } from "./types";

export type RunRequest = {
  pattern: PatternId;
  message: string;
  userId: string;
  sessionId?: string;
  /** The schedule the run books on (a sandbox the server resolved for the member); the club's by default. */
  scheduleId?: string;
  options?: RunOptions;
  origin: string;
  signal: AbortSignal;
};

export type RunOutcome = { runId: string; sessionId: string; status: "ok" | "error" | "aborted"; reply: string };

/**
 * Runs one user turn through a pattern: loads the member's conversation, streams every trace
 * event to `onEvent` and the store, and always ends with run.end — on success, error or abort.
 */
export async function executeRun(req: RunRequest, onEvent: (event: TraceEvent) => void): Promise<RunOutcome> {
  const pattern = patternById(req.pattern);
  const session = await openSession(req.userId, req.sessionId);
  const runId = `run_${randomUUID()}`;
  const trace = new RunTrace(runId);
  const store = RunStore.open({ id: runId, sessionId: session.id, pattern: pattern.id, input: req.message });
  trace.on(store.add);
  trace.on(onEvent);

  const { serviceDown: _services, ...modelChaos } = req.options?.chaos ?? {};
  const clients = createClients({ forceSim: req.options?.forceSim, chaos: req.options?.chaos ? { ...modelChaos, runId } : undefined, latency: req.options?.simLatency, latencyScale: req.options?.simLatencyScale, runId });
  trace.emit({ type: "run.start", pattern: pattern.id, sessionId: session.id, input: req.message, vendors: clients.modes });

  const stored = (session.state as Record<string, unknown>)[pattern.id];
  let status: RunOutcome["status"] = "ok";
  // Step mode's expired hold aborts the run like a member who hung up.
  const expiry = new AbortController();
  const signal = AbortSignal.any([req.signal, expiry.signal]);
  const stepper = req.options?.stepMode ? await openStepper(runId, req.userId, trace, (reason) => expiry.abort(reason), signal) : undefined;
  try {
    const next = await pattern.run({
      runId, sessionId: session.id, userId: req.userId, scheduleId: req.scheduleId ?? CLUB_SCHEDULE, input: req.message, state: stored ?? pattern.initialState(),
      pattern, options: req.options ?? {}, clients, emit: trace.emit, signal, origin: req.origin, stepper,
    });
    await saveState(session.id, pattern.id, next);
  } catch (error) {
    status = signal.aborted ? "aborted" : "error";
    const failure = isAppError(error) ? error : new AppError("internal", "The run failed unexpectedly; nothing further was done.", { cause: error });
    if (failure.code === "internal") console.error(error);
    trace.emit({ type: "error", code: status === "aborted" ? "aborted" : failure.code, message: failure.message, retryable: failure.retryable });
    if (status === "error") trace.emit({ type: "message", text: explain(failure) });
  }
  await stepper?.close();
  trace.emit({ type: "run.end", status, metrics: foldMetrics(trace.events, trace.elapsed()) });
  await store.finish(status, foldMetrics(trace.events, trace.elapsed()));
  const reply = trace.events.findLast((e) => e.type === "message");
  return { runId, sessionId: session.id, status, reply: reply?.type === "message" ? reply.text : "" };
}

function explain(error: AppError): string {
  return `Sorry, I could not finish that: ${error.message}${error.retryable ? " Please try again in a moment." : ""}`;
}

async function openSession(userId: string, sessionId?: string) {
  const prisma = await db();
  if (sessionId) {
    const found = await prisma.session.findUnique({ where: { id: sessionId } });
    if (found && found.userId !== userId) throw new AppError("forbidden", "That conversation belongs to someone else.");
    if (found) return found;
  }
  return prisma.session.create({ data: { id: sessionId ?? `ses_${randomUUID()}`, userId } });
}

async function saveState(sessionId: string, patternId: string, state: unknown): Promise<void> {
  const prisma = await db();
  // One atomic statement merges this pattern's state, so turns of other patterns in the session keep theirs.
  await prisma.$executeRaw`UPDATE "Session" SET "state" = "state" || jsonb_build_object(${patternId}::text, ${jsonbText(state)}::jsonb), "updatedAt" = now() WHERE "id" = ${sessionId}`;
}
