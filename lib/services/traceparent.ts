import { createHash, randomBytes } from "node:crypto";

/** W3C Trace Context: one trace id per run, a fresh span id per hop and per service handling it. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/** Derived from the run id, so every hop of a run names the same trace without carrying state. */
export function traceIdOf(runId: string): string {
  return createHash("sha256").update(runId).digest("hex").slice(0, 32);
}

export function traceparent(traceId: string): string {
  return `00-${traceId}-${randomBytes(8).toString("hex")}-01`;
}

export function parseTraceparent(header: string | null): { traceId: string; spanId: string } | null {
  const m = TRACEPARENT.exec(header?.trim().toLowerCase() ?? "");
  return m ? { traceId: m[1], spanId: m[2] } : null;
}
