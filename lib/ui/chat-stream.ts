import { createParser } from "eventsource-parser";
import type { TraceEvent } from "@/lib/trace/events";
import type { requestOptions } from "./run-options";
import { traceEventSchema } from "./trace-schema";

export type ChatRequest = {
  pattern: string;
  message: string;
  sessionId?: string;
  demo?: boolean;
  sandboxId?: string;
  options: ReturnType<typeof requestOptions>;
};

export type StreamHandlers = {
  /** Events parsed from one network chunk, delivered together so React renders once per chunk. */
  onEvents: (events: TraceEvent[]) => void;
  /** The request failed before a run started: validation (4xx), the server, the network; retryable when waiting helps (rate limit). */
  onFailure: (code: string, message: string, retryable?: boolean) => void;
};

/**
 * POSTs a chat turn and reads the Server-Sent Events back with fetch (EventSource cannot POST).
 * Each `data:` line is a TraceEvent, checked with the shared schema before the UI sees it.
 */
export function streamChat(request: ChatRequest, handlers: StreamHandlers, signal: AbortSignal): Promise<void> {
  return streamEvents("/api/chat", post(request), handlers, signal);
}

/** Follows a run this page lost by a reload: its events after `after` (a seq, sent as Last-Event-ID), then live to its end. */
export function followRun(runId: string, after: number, handlers: StreamHandlers, signal: AbortSignal): Promise<void> {
  return streamEvents(`/api/runs/${encodeURIComponent(runId)}/events`, { headers: { "last-event-id": String(after) } }, handlers, signal);
}

/** The member's decision on a paused run; the continuation streams back like a chat turn. */
export function streamDecision(
  approvalId: string,
  decision: { decision: "approve" | "reject"; reason?: string },
  handlers: StreamHandlers,
  signal: AbortSignal,
): Promise<void> {
  return streamEvents(`/api/approvals/${encodeURIComponent(approvalId)}`, post(decision), handlers, signal);
}

const post = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

async function streamEvents(url: string, init: RequestInit, handlers: StreamHandlers, signal: AbortSignal): Promise<void> {
  // The schema loads while the request goes out.
  const schema = traceEventSchema();
  let res: Response;
  try {
    res = await fetch(url, { ...init, cache: "no-store", signal });
  } catch (error) {
    if (!signal.aborted)
      handlers.onFailure("network", `The server could not be reached (${error instanceof Error ? error.message : String(error)}).`);
    return;
  }
  if (res.status === 429) {
    handlers.onFailure("rate_limited", rateLimitMessage(res.headers.get("retry-after")), true);
    return;
  }
  if (!res.ok || !res.body) {
    const body = await res.json().catch(() => null);
    handlers.onFailure(
      body?.error?.code ?? `http_${res.status}`,
      body?.error?.message ?? `The server answered ${res.status} ${res.statusText}.`,
    );
    return;
  }

  const eventSchema = await schema.catch(() => null);
  if (!eventSchema) {
    handlers.onFailure("network", "A part of this page could not be loaded; reload it to go on.");
    return;
  }
  let batch: TraceEvent[] = [];
  const parser = createParser({
    onEvent(message) {
      if (message.event === "error") {
        const body = safeJson(message.data) as { error?: { code?: string; message?: string } } | null;
        handlers.onFailure(body?.error?.code ?? "error", body?.error?.message ?? "The run could not start.");
        return;
      }
      const parsed = eventSchema.safeParse(safeJson(message.data));
      if (parsed.success) batch.push(parsed.data);
      else handlers.onFailure("bad_event", "The server sent an event this page does not understand.");
    },
  });

  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(value);
      if (batch.length > 0) {
        handlers.onEvents(batch);
        batch = [];
      }
    }
  } catch (error) {
    if (!signal.aborted) handlers.onFailure("network", `The stream broke off (${error instanceof Error ? error.message : String(error)}).`);
  }
}

/** Retry-After in seconds (or an HTTP date), said kindly; a missing or odd header still reads well. */
export function rateLimitMessage(retryAfter: string | null, now = Date.now()): string {
  const seconds =
    retryAfter === null ? NaN : /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) : Math.ceil((Date.parse(retryAfter) - now) / 1000);
  const wait = Number.isFinite(seconds) && seconds > 0 ? `try again in ${Math.min(seconds, 3600)} s` : "try again in a moment";
  return `You're sending messages quickly — ${wait}.`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
