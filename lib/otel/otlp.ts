import { SEMRESATTRS_PROJECT_NAME } from "@arizeai/openinference-semantic-conventions";
import { SpanKind, SpanStatusCode, TraceFlags, type HrTime, type SpanContext } from "@opentelemetry/api";
import { JsonTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes, type Resource } from "@opentelemetry/resources";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import { env } from "@/lib/env";
import type { RunSpan, SpanTree } from "./spans";

/**
 * The span tree as the OpenTelemetry SDK's ReadableSpan, which the official OTLP exporters and
 * serializers take: no tracer or provider involved, so nothing global is registered and the ids
 * and times are exactly the run's.
 */
const SCOPE = { name: "control-spectrum-playground/otel" };
const KIND: Record<RunSpan["kind"], SpanKind> = { internal: SpanKind.INTERNAL, client: SpanKind.CLIENT, server: SpanKind.SERVER };

/** The settings that name where spans come from; the services of C and G get a service.name of their own. */
function resourceSettings(): { serviceName: string; attributes: Record<string, string> } {
  const { OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES } = env();
  return { serviceName: OTEL_SERVICE_NAME, attributes: OTEL_RESOURCE_ATTRIBUTES ?? {} };
}

/** `startedAt`: the run's start, ms since the epoch; span times are relative to it. */
export function toReadableSpans(tree: SpanTree, startedAt: number, settings = resourceSettings()): ReadableSpan[] {
  const resources = new Map<string, Resource>();
  const resourceOf = (service: string | undefined): Resource => {
    const name = service ? `${settings.serviceName}-${service}` : settings.serviceName;
    let resource = resources.get(name);
    if (!resource) {
      // Phoenix files traces by project; one project for the app and its services unless set otherwise.
      resource = resourceFromAttributes({
        [SEMRESATTRS_PROJECT_NAME]: settings.serviceName,
        ...settings.attributes,
        [ATTR_SERVICE_NAME]: name,
      });
      resources.set(name, resource);
    }
    return resource;
  };
  const context = (spanId: string): SpanContext => ({ traceId: tree.traceId, spanId, traceFlags: TraceFlags.SAMPLED });
  return tree.spans.map((span) => {
    const start = hrTime(startedAt + span.start);
    const end = hrTime(startedAt + span.end);
    return {
      name: span.name,
      kind: KIND[span.kind],
      spanContext: () => context(span.spanId),
      parentSpanContext: span.parentSpanId ? context(span.parentSpanId) : undefined,
      startTime: start,
      endTime: end,
      duration: hrTime(span.end - span.start),
      status: span.status.code === "error" ? { code: SpanStatusCode.ERROR, message: span.status.message } : { code: SpanStatusCode.UNSET },
      attributes: span.attributes,
      links: [],
      events: span.events.map((e) => ({ name: e.name, time: hrTime(startedAt + e.t), attributes: e.attributes })),
      ended: true,
      resource: resourceOf(span.service),
      instrumentationScope: SCOPE,
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    };
  });
}

/** An OTLP/JSON ExportTraceServiceRequest, as POST /v1/traces takes it with content-type application/json. */
export function otlpJson(spans: ReadableSpan[]): Uint8Array {
  return JsonTraceSerializer.serializeRequest(spans) ?? new Uint8Array();
}

function hrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  const nanos = Math.round((ms - seconds * 1000) * 1e6);
  return nanos >= 1e9 ? [seconds + 1, nanos - 1e9] : [seconds, nanos];
}
