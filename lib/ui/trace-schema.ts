import type { TraceEvent } from "@/lib/trace/events";

/**
 * The shared event schema (zod) for the browser, loaded on first use: the first screen does not
 * need it, and zod is a large part of the page's JavaScript.
 */
export async function traceEventSchema() {
  return (await import("@/lib/trace/events")).TraceEvent;
}

/** Stored events (GET /api/runs/{id}) checked against the schema. */
export async function parseTraceEvents(data: unknown): Promise<TraceEvent[]> {
  return (await traceEventSchema()).array().parse(data);
}

/** A stored run's events, every page of GET /api/runs/{id} (a long run comes in pages: `nextAfter` names the next). */
export async function fetchRunEvents(runId: string, signal?: AbortSignal): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  for (let after = 0; ;) {
    const res = await fetch(`/api/runs/${encodeURIComponent(runId)}${after ? `?after=${after}` : ""}`, { cache: "no-store", signal });
    const body = await res.json();
    if (!res.ok) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
    events.push(...(await parseTraceEvents(body.events)));
    if (typeof body.nextAfter !== "number") return events;
    after = body.nextAfter;
  }
}
