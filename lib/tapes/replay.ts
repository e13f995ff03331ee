import { AppError } from "@/lib/errors";
import type { RuntimeModes } from "@/lib/llm/clients";
import { executeRun, type RunOutcome, type RunRequest } from "@/lib/patterns/engine";
import { patternById } from "@/lib/patterns";
import type { RunOptions } from "@/lib/patterns/options";
import { PATTERN_IDS, type PatternId } from "@/lib/patterns/types";
import type { TraceEvent, Vendor } from "@/lib/trace/events";
import { ALL_EVENTS, loadRun } from "@/lib/trace/store";
import type { Replacement } from "./format";
import { earlierAgentExchanges, forkSandbox, loadTape, type StoredTape } from "./store";

/**
 * Time travel over a stored run: an exact replay (every model call and tool result from its tape,
 * nothing repeated) and a fork (the tape up to an exchange, an edited output there, then for real
 * in a sandbox laid out as the club's schedule was when the parent ran).
 */
export type TimeTravelRequest = { runId: string; userId: string; origin: string; signal: AbortSignal };

async function parentOf(runId: string, userId: string) {
  const [run, tape] = await Promise.all([loadRun(runId, userId, ALL_EVENTS), loadTape(runId, userId)]);
  if (!run) throw new AppError("not_found", `No run has the id "${runId}".`);
  if (!tape) throw new AppError("not_found", `Run "${runId}" has no tape (it was recorded before tapes existed, or with recording off).`);
  const pattern = run.pattern as PatternId;
  if (!PATTERN_IDS.includes(pattern)) throw new AppError("bad_request", `Run "${runId}" is of an unknown pattern "${run.pattern}".`);
  return { run, tape, pattern };
}

function optionsOf(tape: StoredTape): RunOptions {
  const { vendors, chaos, forceSim } = tape.options;
  return { vendors, chaos: chaos as RunOptions["chaos"], forceSim, simLatency: "off" };
}

/** A replay and a fork judge by the clock the parent ran on (its prompts name that day and time); a tape without one, by the server's. */
function clockOf(tape: StoredTape): { clock?: RunRequest["clock"] } {
  return tape.clock ? { clock: { ...tape.clock, source: "parent" } } : {};
}

/** Re-executes a run from its tape: the same events, decisions and reply, with no model call and no side effect repeated. */
export async function replayRun(req: TimeTravelRequest, onEvent: (event: TraceEvent) => void): Promise<RunOutcome> {
  const { run, tape, pattern } = await parentOf(req.runId, req.userId);
  const start = run.events.find((e) => e.type === "run.start");
  const models: Partial<Record<Vendor, string>> = {};
  for (const e of run.events) if (e.type === "llm.request") models[e.vendor] ??= e.model;
  return executeRun(
    {
      pattern,
      message: run.input,
      userId: req.userId,
      options: optionsOf(tape),
      ...clockOf(tape),
      origin: req.origin,
      signal: req.signal,
      timeTravel: {
        source: {
          mode: "replay",
          tapeRunId: run.id,
          exchanges: tape.exchanges.filter((e) => !e.hop),
          tools: tape.toolResults.filter((t) => !t.hop),
          at: Number.POSITIVE_INFINITY,
        },
        stateBefore: tape.stateBefore,
        replayAs: start?.type === "run.start" ? { modes: start.vendors as RuntimeModes, models } : undefined,
      },
    },
    onEvent,
  );
}

/**
 * Forks a run at exchange `at`: before it the tape answers (and the parent's tool calls are carried
 * out again on the fork's own sandbox, so it holds what the parent's schedule held), at it the
 * replacement output (or a fresh call), after it everything runs for real — in the sandbox only.
 * Checks the request and lays out the sandbox first, so a bad fork is refused before any stream.
 */
export async function planFork(
  req: Omit<TimeTravelRequest, "signal"> & { at: number; replace?: Replacement },
): Promise<(signal: AbortSignal, onEvent: (event: TraceEvent) => void) => Promise<RunOutcome>> {
  const { run, tape, pattern } = await parentOf(req.runId, req.userId);
  if (req.at > tape.exchanges.length)
    throw new AppError(
      "bad_request",
      `Run "${run.id}" has ${tape.exchanges.length} exchange${tape.exchanges.length === 1 ? "" : "s"}; "at" must be one of them.`,
    );
  const [scheduleId, agentHistory] = await Promise.all([forkSandbox(tape.schedule, req.userId), earlierAgentExchanges(run.id)]);
  return (signal, onEvent) =>
    executeRun(
      {
        pattern,
        message: run.input,
        userId: req.userId,
        scheduleId,
        options: optionsOf(tape),
        ...clockOf(tape),
        origin: req.origin,
        signal,
        timeTravel: {
          source: {
            mode: "replay",
            tapeRunId: run.id,
            exchanges: tape.exchanges.filter((e) => !e.hop),
            tools: tape.toolResults.filter((t) => !t.hop),
            at: req.at,
            replace: req.replace,
            applyTools: true,
            agentHistory,
          },
          // Someone else's run is forked from a fresh conversation: its earlier one is its owner's.
          stateBefore:
            tape.stateBefore === undefined ? undefined : (patternById(pattern).forkState?.(tape.stateBefore) ?? tape.stateBefore),
          parentRunId: run.id,
          forkedAt: req.at,
        },
      },
      onEvent,
    );
}
