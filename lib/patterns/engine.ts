import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { jsonbText } from "@/lib/db/json";
import { currentClock, onClock } from "@/lib/domain/clock";
import type { Clock, ClockSource } from "@/lib/domain/clock-schema";
import { CLUB_SCHEDULE } from "@/lib/domain/schedules";
import { AppError, isAppError } from "@/lib/errors";
import { createClients, type ClientOptions } from "@/lib/llm";
import { exportWhenFinished } from "@/lib/otel/exporter";
import { TapeDeck, type DeckSource } from "@/lib/tapes/deck";
import type { Exchange, TapeOptions } from "@/lib/tapes/format";
import { playbackTape, simTape, TapeWriter } from "@/lib/tapes/store";
import { RunTrace } from "@/lib/trace/emitter";
import { MAX_RUN_EVENTS, type TraceEvent } from "@/lib/trace/events";
import { foldMetrics } from "@/lib/trace/metrics";
import { RunStore } from "@/lib/trace/store";
import { patternById } from "./index";
import { holdForApproval, supersedeApprovals, type Resumption } from "./approvals";
import { isPause } from "./kit/approval";
import { within, type Pattern } from "./kit/context";
import type { RunOptions } from "./options";
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
  /** Continue a run that paused for the member's approval, with their decision. */
  resume?: Resumption;
  /** Time travel: the recording a replay or fork is served from, and whose fork it is. */
  timeTravel?: TimeTravel;
  /** The client's address as far as it can be trusted (step mode's cap per address); absent for runs no request started. */
  address?: string;
  /** Records the run's tape; on unless the benchmark weighs what recording costs. */
  record?: boolean;
  /** The run's own clock (an evaluation case's, a fork's parent's); without it, a played-back tape's, else the server's. */
  clock?: RunClock;
};

type RunClock = Clock & { source: Exclude<ClockSource, "server"> };

type TimeTravel = {
  source: DeckSource;
  stateBefore: unknown;
  parentRunId?: string;
  forkedAt?: number;
  replayAs?: ClientOptions["replayAs"];
};

export type RunOutcome = {
  runId: string;
  sessionId: string;
  status: "ok" | "error" | "aborted" | "paused";
  reply: string;
  approvalId?: string;
};

/**
 * Runs one user turn through a pattern: loads the member's conversation, streams every trace
 * event to `onEvent` and the store, and always ends with run.end — on success, error or abort.
 */
export async function executeRun(req: RunRequest, onEvent: (event: TraceEvent) => void): Promise<RunOutcome> {
  // A tape played back answers prompts that carry its day and time: the run judges by the tape's clock. A tape
  // that cannot be played is refused here, before the run is opened, not stored as a run.
  const playback = await playbackFor(req.options?.tape);
  const clock: RunClock | undefined = req.clock ?? (playback?.clock ? { ...playback.clock, source: "tape" } : undefined);
  return onClock(clock, () => runOnClock(req, onEvent, playback, clock?.source ?? "server"));
}

async function runOnClock(req: RunRequest, onEvent: (event: TraceEvent) => void, playback: Playback | undefined, clockSource: ClockSource) {
  const pattern = patternById(req.pattern);
  const session = await openSession(req.userId, req.sessionId);
  const runId = `run_${randomUUID()}`;
  const record = req.record ?? true;
  const scheduleId = req.scheduleId ?? CLUB_SCHEDULE;
  // A replay's or fork's state comes from a tape, perhaps uploaded: it is checked like a session's.
  const stateBefore = storedState(
    pattern,
    req.timeTravel ? req.timeTravel.stateBefore : (session.state as Record<string, unknown>)[pattern.id],
  );
  // The run's row notes where the schedule stood as it starts: a fork of this run starts from the schedule as it was.
  const tape = record
    ? new TapeWriter({
        scheduleId,
        parentRunId: req.timeTravel?.parentRunId ?? null,
        forkedAt: req.timeTravel?.forkedAt ?? null,
        stateBefore,
        options: tapeOptions(req.options),
        clock: currentClock(),
      })
    : undefined;
  // Step mode's expired hold stops the run like a member who hung up; a run that reaches its events' bound is stopped as failed.
  const stop = new AbortController();
  const tooLong = new AppError("event_cap", `The run reached ${MAX_RUN_EVENTS} events, the most one run may have, so it was stopped.`);
  const trace = new RunTrace(runId, () => stop.abort(tooLong));
  const signal = AbortSignal.any([req.signal, stop.signal]);
  // Before the run is opened: a step-mode run past its caps is refused, not stored.
  const stepper = req.options?.stepMode
    ? await openStepper(runId, { userId: req.userId, address: req.address }, trace, (reason) => stop.abort(reason), signal)
    : undefined;
  const store = RunStore.open({ id: runId, sessionId: session.id, pattern: pattern.id, input: req.message }, tape?.create);
  trace.on(store.add);
  trace.on(onEvent);
  trace.on(exportWhenFinished(pattern));

  const deck = record || req.timeTravel ? new TapeDeck(req.timeTravel?.source, record) : undefined;
  if (deck)
    trace.on(
      deck.follow(
        new Set(pattern.graph.nodes.filter((n) => n.kind === "llm" || n.kind === "agent" || n.kind === "managed").map((n) => n.id)),
      ),
    );

  const { serviceDown: _services, ...modelChaos } = req.options?.chaos ?? {};
  const clients = createClients({
    forceSim: req.options?.forceSim,
    chaos: req.options?.chaos ? { ...modelChaos, runId } : undefined,
    latency: req.options?.simLatency,
    latencyScale: req.options?.simLatencyScale,
    runId,
    tape: deck,
    playback,
    replayAs: req.timeTravel?.replayAs,
  });
  const lineage = req.timeTravel?.parentRunId ? { parentRunId: req.timeTravel.parentRunId, forkedAt: req.timeTravel.forkedAt } : {};
  trace.emit({
    type: "run.start",
    pattern: pattern.id,
    sessionId: session.id,
    input: req.message,
    vendors: clients.modes,
    clock: { ...currentClock(), source: clockSource },
    ...lineage,
    ...(req.resume ? { resumes: req.resume.runId } : {}),
  });

  if (!req.resume) await supersedeApprovals(session.id, pattern.id);
  let status: RunOutcome["status"] = "ok";
  let approvalId: string | undefined;
  try {
    const ctx = {
      runId,
      sessionId: session.id,
      userId: req.userId,
      scheduleId,
      input: req.message,
      state: stateBefore,
      pattern,
      options: req.options ?? {},
      clients,
      emit: trace.emit,
      signal,
      origin: req.origin,
      stepper,
      tape: deck,
    };
    // The member's message (or decision) is where control starts.
    const next = await within(ctx, { at: "user" }, () =>
      req.resume ? pattern.resume(ctx, req.resume.held, req.resume.decision) : pattern.run(ctx),
    );
    // A pattern that swallowed the hang-up still ends aborted: its reply never reached anyone.
    if (req.signal.aborted) throw new AppError("aborted", "The member hung up.");
    // A run stopped at its events' bound is not finished, though its pattern's code may have run to the end.
    if (trace.full) throw tooLong;
    if (isPause(next)) {
      // The turn is not over: the conversation state stays as it was until the member decides.
      const hold = await holdForApproval(
        {
          runId,
          sessionId: session.id,
          userId: req.userId,
          pattern: pattern.id,
          scheduleId: ctx.scheduleId,
          input: req.message,
          options: ctx.options,
        },
        next.hold,
      );
      approvalId = hold.id;
      trace.emit({
        type: "approval.request",
        approvalId: hold.id,
        node: next.hold.node,
        tool: next.hold.tool,
        args: next.hold.args,
        summary: next.hold.summary,
        heldBy: next.hold.heldBy,
      });
      status = "paused";
    } else {
      await saveState(session.id, pattern.id, next);
    }
  } catch (error) {
    status = signal.aborted && !trace.full ? "aborted" : "error";
    const failure = trace.full
      ? tooLong
      : isAppError(error)
        ? error
        : new AppError("internal", "The run failed unexpectedly.", { cause: error });
    // Hanging up is a member's right, not a fault: no log, no stack trace.
    // The details of an unexpected failure stay in the server's log, found by the run's id; its events say only that it failed.
    if (status === "error" && failure.code === "internal") console.error(`Run ${runId} failed:`, error);
    const stopped = req.signal.aborted ? "The run was stopped: the member hung up." : failure.message;
    trace.emit({
      type: "error",
      code: status === "aborted" ? "aborted" : failure.code,
      message: status === "aborted" ? stopped : failure.message,
      retryable: failure.retryable,
    });
    if (status === "error") trace.emit({ type: "message", text: explain(failure, trace.events) });
  }
  await stepper?.close();
  const metrics = foldMetrics(trace.events, trace.elapsed());
  trace.emit({ type: "run.end", status, metrics });
  try {
    await store.finish(status, metrics, tape && deck ? () => tape.packed(deck.recording()) : undefined);
  } catch (error) {
    // The member already has the answer; a trace that could not be stored must not turn it into a failure.
    console.error(error);
  }
  const reply = trace.events.findLast((e) => e.type === "message");
  return {
    runId,
    sessionId: session.id,
    status,
    reply: reply?.type === "message" ? reply.text : "",
    ...(approvalId ? { approvalId } : {}),
  };
}

/** The options a replay or fork of this run must repeat to run it the same way. */
function tapeOptions(options: RunOptions = {}): TapeOptions {
  return {
    ...(options.vendors ? { vendors: options.vendors } : {}),
    ...(options.chaos ? { chaos: options.chaos } : {}),
    ...(options.forceSim ? { forceSim: true } : {}),
  };
}

type Playback = { exchanges: Exchange[]; simOnly: boolean; clock?: Clock };

/** What answers the model calls instead of the vendors: the tape a run option names, else SIM_TAPE for the simulated ones; with the clock it was recorded on. */
async function playbackFor(tapeRunId: string | undefined): Promise<Playback | undefined> {
  if (tapeRunId) return { ...(await playbackTape(tapeRunId)), simOnly: false };
  const serverTape = simTape();
  return serverTape ? { ...(await serverTape), simOnly: true } : undefined;
}

/** The apology tells what did happen: a booking made before the failure stands, and the member should know. */
function explain(error: AppError, events: readonly TraceEvent[]): string {
  const booked = events
    .flatMap((e) => (e.type === "tool.result" && e.tool === "book_slot" && !e.error ? [bookedSlot(e.result)] : []))
    .filter((s) => s !== undefined);
  const done = booked.length ? ` Before that, ${booked.map((s) => `${s} was booked for you`).join(" and ")}; that booking stands.` : "";
  return `Sorry, I could not finish that: ${error.message}${done}${error.retryable ? " Please try again in a moment." : ""}`;
}

function bookedSlot(result: unknown): string | undefined {
  const booked = (result as { booked?: { court?: unknown; date?: unknown; time?: unknown } } | undefined)?.booked;
  return booked && typeof booked.court === "string" ? `${booked.court} on ${String(booked.date)} at ${String(booked.time)}` : undefined;
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

/** The pattern's conversation as stored, if it still fits the pattern's schema; otherwise, and at first, a fresh one. */
function storedState(pattern: Pattern, stored: unknown): unknown {
  if (stored === undefined) return pattern.initialState();
  const parsed = pattern.stateSchema.safeParse(stored);
  return parsed.success ? parsed.data : pattern.initialState();
}
