import { expect } from "vitest";
import { db } from "@/lib/db/client";
import { listBookings } from "@/lib/domain/bookings";
import { patternById } from "@/lib/patterns";
import { executeRun, type RunOutcome } from "@/lib/patterns/engine";
import type { RunOptions } from "@/lib/patterns/options";
import type { PatternId } from "@/lib/patterns/types";
import { clearModelScript, setModelScript, type ModelScript } from "@/lib/sim/script";
import type { TraceEvent } from "@/lib/trace/events";

export type Turn = RunOutcome & { events: TraceEvent[] };

/**
 * One user turn through the engine, as /api/chat runs it, with every event collected. With a
 * `script`, every model call of the run is answered by it (registered under the run's id as soon
 * as run.start names it, before any model is called).
 */
export async function turn(
  pattern: PatternId,
  message: string,
  opts: { userId: string; sessionId?: string; options?: RunOptions; signal?: AbortSignal; script?: ModelScript },
): Promise<Turn> {
  const events: TraceEvent[] = [];
  const onEvent = (e: TraceEvent) => {
    events.push(e);
    if (e.type === "run.start" && opts.script) setModelScript(e.runId, opts.script);
  };
  try {
    const outcome = await executeRun(
      {
        pattern,
        message,
        userId: opts.userId,
        sessionId: opts.sessionId,
        options: opts.options,
        origin: "http://127.0.0.1:1",
        signal: opts.signal ?? new AbortController().signal,
      },
      onEvent,
    );
    assertProtocol(pattern, events);
    return { ...outcome, events };
  } finally {
    if (events[0]) clearModelScript(events[0].runId);
  }
}

/** The trace protocol's invariants, checked on every run the tests make. */
export function assertProtocol(pattern: PatternId, events: TraceEvent[]): void {
  expect(events[0]?.type).toBe("run.start");
  expect(events.at(-1)?.type).toBe("run.end");
  expect(events.filter((e) => e.type === "run.end")).toHaveLength(1);
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  for (let i = 1; i < events.length; i++) expect(events[i].t).toBeGreaterThanOrEqual(events[i - 1].t);
  const { graph } = patternById(pattern);
  const nodes = new Set(graph.nodes.map((n) => n.id));
  for (const e of events) {
    for (const id of referencedNodes(e)) expect(nodes, `${e.type} names unknown node "${id}"`).toContain(id);
  }
  assertEdges(graph.edges, events);
  assertEstimates(events);
}

/** The simulated model's usage is marked as an estimate, a live vendor's is not, and the run's metrics say if any figure is one. */
function assertEstimates(events: TraceEvent[]): void {
  const live = new Map<string, boolean>();
  let estimated = false;
  for (const e of events) {
    if (e.type === "llm.request") live.set(e.node, e.live);
    if (e.type !== "llm.response") continue;
    expect(e.usage.estimated === true, `usage on ${e.node} marked as ${live.get(e.node) ? "live" : "estimated"}`).toBe(
      live.get(e.node) === false,
    );
    estimated ||= e.usage.estimated === true;
  }
  const end = events.at(-1);
  if (end?.type === "run.end") expect(end.metrics.estimated).toBe(estimated);
}

/**
 * Every edge drawn is one the graph declares (the UI draws a hop back along a declared edge too),
 * and each hop is drawn once. One hop is one passage of data: the same edge drawn again before
 * anything else happened (no event but other edges in between) is the same hop drawn twice, while
 * the same edge in a later loop round, after the step it leads to ran, is a new hop.
 */
function assertEdges(declared: { from: string; to: string }[], events: TraceEvent[]): void {
  const drawable = new Set(declared.flatMap((e) => [`${e.from}->${e.to}`, `${e.to}->${e.from}`]));
  const drawnAt = new Map<string, number>();
  let happened = 0;
  for (const e of events) {
    if (e.type !== "edge") {
      happened++;
      continue;
    }
    const key = `${e.from}->${e.to}`;
    expect(drawable, `edge ${key} is not in the graph`).toContain(key);
    expect(drawnAt.get(key), `edge ${key} drawn twice for one hop`).not.toBe(happened);
    drawnAt.set(key, happened);
  }
}

function referencedNodes(e: TraceEvent): string[] {
  if (e.type === "edge" || e.type === "handoff") return [e.from, e.to];
  if ("node" in e && typeof e.node === "string") return [e.node];
  return [];
}

export async function bookingsOf(userId: string) {
  return listBookings(userId);
}

export async function storedEvents(runId: string): Promise<number> {
  return (await db()).traceEvent.count({ where: { runId } });
}

/** Sends turns until one of them books (or the script runs out); returns every turn. */
export async function conversation(pattern: PatternId, userId: string, messages: string[]): Promise<Turn[]> {
  const turns: Turn[] = [];
  let sessionId: string | undefined;
  for (const message of messages) {
    const t = await turn(pattern, message, { userId, sessionId });
    sessionId = t.sessionId;
    turns.push(t);
    if ((await listBookings(userId)).length > 0) break;
  }
  return turns;
}
