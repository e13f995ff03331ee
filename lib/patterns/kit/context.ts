import { AsyncLocalStorage } from "node:async_hooks";
import type { z } from "zod";
import { publicMessage } from "@/lib/errors";
import type { Clients } from "@/lib/llm";
import type { TapeDeck } from "@/lib/tapes/deck";
import type { Decider, Vendor } from "@/lib/trace/events";
import type { RunOptions } from "../options";
import type { Emit, PatternInfo } from "../types";
import type { Decision, Pause } from "./approval";
import { TOOL_NODES, runTool, type ToolName, type ToolOutcome } from "./tools";

/** Step mode's hook into the kit: a hold before each node starts, and a clock that stands still while held. */
export type Stepper = { hold(node: string): Promise<void>; now(): number };

/** What a pattern's run receives: its input and conversation state, tools bound to the member, and the trace. */
export type RunContext<S = unknown> = {
  runId: string;
  sessionId: string;
  /** The member from the signed cookie; tools use it, models never see or choose it. */
  userId: string;
  /** The schedule the tools book on: the club's, or a sandbox the server picked for this run. */
  scheduleId: string;
  input: string;
  state: S;
  pattern: PatternInfo;
  options: RunOptions;
  clients: Clients;
  emit: Emit;
  signal: AbortSignal;
  /** Base URL of this app, for the services of C and G when no SERVICE_*_URL is set. */
  origin: string;
  /** Present in step mode only. */
  stepper?: Stepper;
  /** The run's tape deck: its clients record through it, and its tools answer from it in replays and forks. */
  tape?: TapeDeck;
};

export type Pattern<S = unknown> = PatternInfo & {
  /** The conversation state's shape, checked when a session is loaded: a stored state that no longer fits starts afresh. */
  stateSchema: z.ZodType<S>;
  initialState(): S;
  /** Runs one user turn and returns the conversation state for the next, or a Pause when it waits for the member's approval. */
  run(ctx: RunContext<S>): Promise<S | Pause>;
  /** Continues a paused turn from its held state with the member's decision. */
  resume(ctx: RunContext<S>, held: unknown, decision: Decision): Promise<S | Pause>;
  /**
   * The state a fork starts from, given the parent's state before its run; the same state unless the
   * conversation lives with a vendor, whose session a fork must not share with the parent.
   */
  forkState?(state: S): S;
};

export function vendorOf(ctx: RunContext<unknown>, node: string): Vendor {
  return ctx.options.vendors?.[node] ?? ctx.pattern.vendors[node] ?? "openai";
}

/** The run's clock in ms; in step mode it stands still while the run is held, so latencies leave holds out. */
export function runClock(ctx: RunContext<unknown>): number {
  return ctx.stepper?.now() ?? performance.now();
}

/**
 * Where control is while a run's code executes. Inside a step, it is that step's node: a step
 * entered from there is a call, and control comes back to the caller. Between a run's top-level
 * steps it is the last step that ran: a workflow moves forward, so its next step is entered from
 * there. Patterns never name where an edge starts; entering a step draws it.
 */
type Scope = { runId: string; node: string } | { runId: string; node?: undefined; at: string };
const scopes = new AsyncLocalStorage<Scope>();
/** The edge into a step, and the one back out of it when the graph shows a result returning. */
export type Hop = { label?: string; back?: string };

/** Runs a pattern's turn (or a service's work, from its own node) with control starting at `from`. */
export function within<T>(ctx: RunContext<unknown>, from: { at: string } | { node: string }, fn: () => Promise<T>): Promise<T> {
  return scopes.run({ runId: ctx.runId, ...from }, fn);
}

/** This run's scope, if its code is running inside one (another run's scope is not ours). */
function scopeOf(ctx: RunContext<unknown>): Scope | undefined {
  const scope = scopes.getStore();
  return scope?.runId === ctx.runId ? scope : undefined;
}

/** The node control is in (see Scope). */
export function here(ctx: RunContext<unknown>): string {
  const scope = scopeOf(ctx);
  return scope ? (scope.node ?? scope.at) : "user";
}

/** A workflow resumed after a pause goes on from the step it stopped after. */
export function resumeAfter(ctx: RunContext<unknown>, node: string): void {
  const scope = scopeOf(ctx);
  if (scope && scope.node === undefined) scope.at = node;
}

/** Control moves from where it is into `node`: the edge is drawn, and between top-level steps the workflow is now there. Returns where it came from. */
function moveInto(ctx: RunContext<unknown>, node: string, label?: string): string {
  const scope = scopeOf(ctx);
  const from = here(ctx);
  if (from !== node) edge(ctx, from, node, label);
  if (scope && scope.node === undefined) scope.at = node;
  return from;
}

/**
 * A step: control moves from where it is into `node` (the edge drawn, with `hop.label`), the node
 * is active while fn runs, then done or failed with its latency; `hop.back` labels the hop back to
 * the caller, for a step whose result the graph shows returning. In step mode, it first waits to be continued.
 */
export async function step<T>(ctx: RunContext<unknown>, node: string, fn: () => Promise<T>, hop: Hop = {}): Promise<T> {
  // A member who hung up gets no further steps, whatever the pattern's code would do next.
  ctx.signal.throwIfAborted();
  const from = moveInto(ctx, node, hop.label);
  // Only a step-mode run waits here: an await even on nothing would let parallel tool calls draw their hops out of turn.
  if (ctx.stepper) await ctx.stepper.hold(node);
  const started = runClock(ctx);
  ctx.emit({ type: "node.start", node });
  try {
    const value = await scopes.run({ runId: ctx.runId, node }, fn);
    ctx.emit({ type: "node.end", node, ok: true, ms: Math.round(runClock(ctx) - started) });
    if (hop.back !== undefined) edge(ctx, node, from, hop.back);
    return value;
  } catch (error) {
    ctx.emit({
      type: "node.end",
      node,
      ok: false,
      ms: Math.round(runClock(ctx) - started),
      error: publicMessage(error),
    });
    throw error;
  }
}

export function decide(ctx: RunContext<unknown>, node: string, by: Decider, choice: string): void {
  ctx.emit({ type: "decision", node, by, choice });
}

export function edge(ctx: RunContext<unknown>, from: string, to: string, label?: string): void {
  ctx.emit({ type: "edge", from, to, label });
}

/**
 * Control moves into a node whose start and end are traced by what runs there (an agent, whose
 * spans the Agents SDK reports): the edge is drawn and, inside fn, control is at that node.
 */
export function enter<T>(ctx: RunContext<unknown>, node: string, fn: () => Promise<T>, hop: Hop = {}): Promise<T> {
  moveInto(ctx, node, hop.label);
  return scopes.run({ runId: ctx.runId, node }, fn);
}

/** The assistant's reply to the member for this turn, without a hop on the graph (an early answer the graph draws no edge for). */
export function say(ctx: RunContext<unknown>, text: string): void {
  ctx.emit({ type: "message", text });
}

/** The turn's reply, carried from where control is back to the member. */
export function reply(ctx: RunContext<unknown>, text: string): void {
  edge(ctx, here(ctx), "user", "reply");
  say(ctx, text);
}

/**
 * Runs a club tool on its tool node, with the db hop drawn. Called from inside a step, control
 * comes back to that step; as a workflow's own step, the workflow goes on from the tool.
 */
export async function callTool<N extends ToolName>(
  ctx: RunContext<unknown>,
  name: N,
  args: unknown,
  callId: string,
): Promise<ToolOutcome<N>> {
  const node = TOOL_NODES[name];
  const caller = scopeOf(ctx)?.node;
  const outcome = await step(ctx, node, () => step(ctx, "db", () => runTool(ctx.emit, ctx, { node, name, callId, args })), { label: name });
  if (caller) edge(ctx, node, caller);
  return outcome;
}
