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
