import { onClock } from "@/lib/domain/clock";
import { appOrigin } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { errorResponse, json, readJson } from "@/lib/json-http";
import { createClients } from "@/lib/llm";
import { within, type RunContext } from "@/lib/patterns/kit/context";
import type { PatternInfo } from "@/lib/patterns/types";
import { TapeDeck, type DeckSource } from "@/lib/tapes/deck";
import type { HopTape } from "@/lib/tapes/format";
import { hopRecording } from "@/lib/tapes/recording";
import { loadTape, playbackTape, simTape } from "@/lib/tapes/store";
import { RunTrace } from "@/lib/trace/emitter";
import { serviceRequest, type ServiceContract, type ServiceInput, type ServiceOutput } from "./contract";
import { readServiceToken } from "./token";
import { parseTraceparent, traceIdOf, traceparent } from "./traceparent";

/** What a service's work receives: the kit's run context, bound to the caller from the token. */
export type ServiceContext = RunContext<undefined>;

export type ServiceHandler = (req: Request) => Promise<Response>;

/**
 * The service side of a hop, the same for every service: check the signed caller, read the input
 * against the contract, continue the caller's trace, run the work with its own emitter and answer
 * with the output (or the error) and every event recorded, for the caller to merge into the run.
 */
export function serve<C extends ServiceContract>(
  contract: C,
  pattern: PatternInfo,
  work: (ctx: ServiceContext, input: ServiceInput<C>) => Promise<ServiceOutput<C>>,
): ServiceHandler {
  const { name } = contract;
  return async (req) => {
    const caller = readServiceToken(req.headers.get("authorization"));
    if (!caller)
      return errorResponse(
        new AppError("unauthorized", `The ${name} service needs a valid, unexpired service token from the orchestrator.`),
      );
    let body;
    try {
      body = await readJson(req, serviceRequest(contract));
    } catch (error) {
      return errorResponse(error);
    }
    const span = traceparent(parseTraceparent(req.headers.get("traceparent"))?.traceId ?? traceIdOf(caller.runId));
    const trace = new RunTrace(caller.runId);
    const { forceSim, chaos, simLatency, simLatencyScale, vendors, tape, replay, record, approval } = body.options;
    let deck: TapeDeck;
    let playback;
    try {
      deck = new TapeDeck(await replaySource(replay), record ?? true);
      playback = tape
        ? { exchanges: (await playbackTape(tape)).exchanges, simOnly: false }
        : simTape() && { exchanges: (await simTape()!).exchanges, simOnly: true };
    } catch (error) {
      return errorResponse(error);
    }
    trace.on(deck.follow(new Set(pattern.graph.nodes.filter((n) => n.kind === "llm" || n.kind === "agent").map((n) => n.id))));
    const ctx: ServiceContext = {
      runId: caller.runId,
      sessionId: "",
      userId: caller.userId,
      scheduleId: caller.scheduleId,
      input: "",
      state: undefined,
      pattern,
      options: { vendors, forceSim, chaos, simLatency, simLatencyScale, tape, approval },
      clients: createClients({
        forceSim,
        chaos,
        latency: simLatency,
        latencyScale: simLatencyScale,
        runId: caller.runId,
        tape: deck,
        playback,
      }),
      emit: trace.emit,
      signal: req.signal,
      origin: appOrigin(),
      tape: deck,
    };
    const answer = (status: number, result: object) => {
      const res = json({ ...result, events: trace.events, ...(deck.record ? { tape: hopRecording(deck.recording()) } : {}) }, status);
      res.headers.set("traceparent", span);
      return res;
    };
    try {
      // The service's work starts on its own node (the caller drew the hop into it), on the run's clock.
      const output = await onClock(caller.clock, () => within(ctx, { node: name }, () => work(ctx, body.input as ServiceInput<C>)));
      return answer(200, { output });
    } catch (error) {
      if (isAppError(error)) return answer(error.status, { error: error.toJSON() });
      return answer(500, (await errorResponse(error).json()) as object);
    }
  };
}

/** A hop of a replay or fork plays its own part of the source tape: the exchanges and tool results that hop recorded. */
async function replaySource(replay: HopTape | undefined): Promise<DeckSource | undefined> {
  if (!replay) return undefined;
  const source = await loadTape(replay.runId);
  if (!source) throw new AppError("not_found", `No tape is stored for run "${replay.runId}".`);
  return {
    mode: "replay",
    tapeRunId: replay.runId,
    at: replay.at ?? Number.POSITIVE_INFINITY,
    replace: replay.replace,
    applyTools: replay.applyTools,
    exchanges: source.exchanges.filter((e) => e.hop === replay.hop),
    tools: source.toolResults.filter((t) => t.hop === replay.hop),
  };
}
