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

/** Marks a node active for the duration of fn, then done or failed, with its latency. In step mode, first waits to be continued. */
export async function step<T>(ctx: RunContext<unknown>, node: string, fn: () => Promise<T>): Promise<T> {
  // A member who hung up gets no further steps, whatever the pattern's code would do next.
  ctx.signal.throwIfAborted();
  // Only a step-mode run waits here: an await even on nothing would let parallel tool calls draw their hops out of turn.
  if (ctx.stepper) await ctx.stepper.hold(node);
  const started = runClock(ctx);
  ctx.emit({ type: "node.start", node });
  try {
    const value = await fn();
    ctx.emit({ type: "node.end", node, ok: true, ms: Math.round(runClock(ctx) - started) });
    return value;
  } catch (error) {
    ctx.emit({
      type: "node.end",
      node,
      ok: false,
      ms: Math.round(runClock(ctx) - started),
      error: error instanceof Error ? error.message : String(error),
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

/** The assistant's reply to the user for this turn. */
export function say(ctx: RunContext<unknown>, text: string): void {
  ctx.emit({ type: "message", text });
}

/** Runs a club tool on a tool node, with the edge from the caller and the db hop drawn. */
export async function callTool(
  ctx: RunContext<unknown>,
  from: string,
  name: ToolName,
  args: unknown,
  callId: string,
): Promise<ToolOutcome> {
  const node = TOOL_NODES[name];
  edge(ctx, from, node, name);
  return step(ctx, node, async () => {
    edge(ctx, node, "db");
    const outcome = await step(ctx, "db", () => runTool(ctx.emit, ctx, { node, name, callId, args }));
    edge(ctx, node, from);
    return outcome;
  });
}
