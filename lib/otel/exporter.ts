import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { env } from "@/lib/env";
import type { TraceEvent } from "@/lib/trace/events";
import type { PatternForExport } from "./spans";

/**
 * Continuous export: with OTEL_EXPORTER_OTLP_ENDPOINT set, every finished run is mapped to spans
 * and sent with the official OTLP exporter, in the background. The run only hands its events
 * over; mapping and sending happen after it ended, one request at a time, from a queue bounded by
 * OTEL_BSP_MAX_QUEUE_SIZE spans. A run that does not fit, or whose request fails, is dropped and
 * counted, so an unreachable collector never slows or fails a run. Without an endpoint none of the
 * OpenTelemetry packages is even loaded.
 */
type Sender = { send(spans: ReadableSpan[]): Promise<Error | undefined>; shutdown(): Promise<void> };

/** Spans per request at most; a run is never split across requests. */
const MAX_BATCH_SPANS = 512;

export type ExportStats = { exported: number; dropped: number; queued: number };

class RunExporter {
  private readonly queue: ReadableSpan[][] = [];
  private queued = 0;
  private mapping = 0;
  private sending = false;
  private failing = false;
  private waiters: (() => void)[] = [];
  readonly stats = { exported: 0, dropped: 0 };

  constructor(
    private readonly sender: Promise<Sender>,
    private readonly url: string,
    private readonly maxQueued: number,
  ) {}

  /** Maps the run later, off the run's own turn of the event loop. */
  add(spans: () => Promise<ReadableSpan[]>): void {
    this.mapping++;
    setImmediate(() => {
      spans()
        .then(
          (run) => this.enqueue(run),
          (error: unknown) => console.error(error),
        )
        .finally(() => {
          this.mapping--;
          this.pump();
        });
    });
  }

  flush(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async shutdown(): Promise<void> {
    await this.flush();
    await (await this.sender).shutdown();
  }

  snapshot(): ExportStats {
    return { ...this.stats, queued: this.queued };
  }

  private enqueue(run: ReadableSpan[]): void {
    if (this.queued + run.length > this.maxQueued) {
      this.stats.dropped += run.length;
      return;
    }
    this.queue.push(run);
    this.queued += run.length;
  }

  private pump(): void {
    if (this.sending) return;
    if (this.queue.length === 0) {
      if (this.idle()) for (const resolve of this.waiters.splice(0)) resolve();
      return;
    }
    const batch: ReadableSpan[] = [];
    while (this.queue.length && (batch.length === 0 || batch.length + this.queue[0].length <= MAX_BATCH_SPANS))
      batch.push(...(this.queue.shift() ?? []));
    this.queued -= batch.length;
    this.sending = true;
    void this.sender
      .then(
        (sender) => sender.send(batch),
        (error: Error) => error,
      )
      .then((error) => {
        if (!error) {
          this.stats.exported += batch.length;
          this.failing = false;
        } else {
          this.stats.dropped += batch.length;
          // Once per outage, not once per run.
          if (!this.failing)
            console.warn(`OpenTelemetry export to ${this.url} failed (${error.message}); runs are dropped until it answers.`);
          this.failing = true;
        }
        this.sending = false;
        this.pump();
      });
  }

  private idle(): boolean {
    return !this.sending && this.mapping === 0 && this.queue.length === 0;
  }
}

/** The official exporter for the protocol, loaded on first use. */
async function createSender(
  protocol: "http/protobuf" | "http/json",
  config: { url: string; headers: Record<string, string>; timeoutMillis: number },
): Promise<Sender> {
  const [{ ExportResultCode }, { OTLPTraceExporter }] = await Promise.all([
    import("@opentelemetry/core"),
    protocol === "http/json" ? import("@opentelemetry/exporter-trace-otlp-http") : import("@opentelemetry/exporter-trace-otlp-proto"),
  ]);
  const exporter = new OTLPTraceExporter(config);
  return {
    send: (spans) =>
      new Promise((resolve) =>
        exporter.export(spans, (result) =>
          resolve(result.code === ExportResultCode.SUCCESS ? undefined : (result.error ?? new Error("no reason given"))),
        ),
      ),
    shutdown: () => exporter.shutdown(),
  };
}

let active: { key: string; exporter: RunExporter } | undefined;

/** The exporter for the current settings, or none when no endpoint is set. */
function currentExporter(): RunExporter | undefined {
  const {
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
    OTEL_EXPORTER_OTLP_HEADERS: headers,
    OTEL_EXPORTER_OTLP_TIMEOUT: timeoutMillis,
    OTEL_BSP_MAX_QUEUE_SIZE: maxQueued,
  } = env();
  if (!endpoint) return undefined;
  const key = JSON.stringify([endpoint, protocol, headers, timeoutMillis, maxQueued]);
  if (active?.key !== key) {
    void active?.exporter.shutdown();
    // OTEL_EXPORTER_OTLP_ENDPOINT is the base of every signal's path (spec), as Langfuse's /api/public/otel is.
    const url = `${endpoint.replace(/\/+$/, "")}/v1/traces`;
    const sender = createSender(protocol, { url, headers: headers ?? {}, timeoutMillis });
    active = { key, exporter: new RunExporter(sender, url, maxQueued) };
  }
  return active.exporter;
}

/**
 * A run's trace listener that exports the run once it ended, or does nothing when no endpoint is
 * set. It only keeps the events until run.end.
 */
export function exportWhenFinished(pattern: PatternForExport): (event: TraceEvent) => void {
  const exporter = currentExporter();
  if (!exporter) return () => undefined;
  const captureContent = env().OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT;
  const events: TraceEvent[] = [];
  let startedAt = Date.now();
  let sessionId = "";
  return (event) => {
    events.push(event);
    if (event.type === "run.start") {
      startedAt = Date.now() - event.t;
      sessionId = event.sessionId;
    }
    if (event.type !== "run.end") return;
    exporter.add(async () => {
      const [{ runToSpans }, { toReadableSpans }] = await Promise.all([import("./spans"), import("./otlp")]);
      return toReadableSpans(
        runToSpans({ id: event.runId, sessionId, pattern: pattern.id, events }, pattern, { captureContent }),
        startedAt,
      );
    });
  };
}

/** Resolves once every finished run has been sent or dropped. */
export function flushExports(): Promise<void> {
  return active?.exporter.flush() ?? Promise.resolve();
}

export function exportStats(): ExportStats {
  return active?.exporter.snapshot() ?? { exported: 0, dropped: 0, queued: 0 };
}
