import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";

/**
 * A minimal OTLP/HTTP trace receiver on a loopback port: it answers POST /v1/traces like a
 * collector and decodes what came, protobuf with the official OTLP schema (the protobuf root that
 * @opentelemetry/otlp-transformer ships) or JSON, into one shape the tests read.
 */
type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
};
type KeyValue = { key: string; value: AnyValue };
type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: KeyValue[];
  events?: { name: string; attributes?: KeyValue[] }[];
  status?: { code?: number; message?: string };
};
export type OtlpRequest = {
  resourceSpans: { resource?: { attributes?: KeyValue[] }; scopeSpans: { scope?: { name: string }; spans: OtlpSpan[] }[] }[];
};

export type Value = string | number | boolean | Value[];
export type DecodedSpan = {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client. */
  kind: number;
  start: bigint;
  end: bigint;
  attributes: Record<string, Value>;
  events: { name: string; attributes: Record<string, Value> }[];
  status: { code: number; message?: string };
  resource: Record<string, Value>;
};
export type Received = { contentType: string; headers: Record<string, string | string[] | undefined>; body: Buffer; spans: DecodedSpan[] };

const require = createRequire(import.meta.url);
const root = require("@opentelemetry/otlp-transformer/build/src/generated/root");
const ExportTraceServiceRequest = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

export const SPAN_KIND = { internal: 1, server: 2, client: 3 } as const;

function decodeProtobuf(body: Uint8Array): OtlpRequest {
  const message = ExportTraceServiceRequest.decode(body);
  const object = ExportTraceServiceRequest.toObject(message, {
    longs: String,
    bytes: String,
    enums: Number,
    defaults: false,
    arrays: true,
  });
  // Ids travel as bytes; OTLP/JSON writes them as hex, so the tests read hex either way.
  for (const rs of object.resourceSpans)
    for (const ss of rs.scopeSpans)
      for (const span of ss.spans)
        for (const key of ["traceId", "spanId", "parentSpanId"] as const)
          if (span[key]) span[key] = Buffer.from(span[key], "base64").toString("hex");
  return object as OtlpRequest;
}

export function flatten(request: OtlpRequest): DecodedSpan[] {
  return request.resourceSpans.flatMap((rs) => {
    const resource = attributes(rs.resource?.attributes);
    return rs.scopeSpans.flatMap((ss) =>
      ss.spans.map((s) => ({
        traceId: s.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId ?? "",
        name: s.name,
        kind: s.kind,
        start: BigInt(s.startTimeUnixNano),
        end: BigInt(s.endTimeUnixNano),
        attributes: attributes(s.attributes),
        events: (s.events ?? []).map((e) => ({ name: e.name, attributes: attributes(e.attributes) })),
        status: { code: s.status?.code ?? 0, message: s.status?.message },
        resource,
      })),
    );
  });
}

function attributes(list: KeyValue[] | undefined): Record<string, Value> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, value(kv.value)]));
}

function value(v: AnyValue): Value {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  return (v.arrayValue?.values ?? []).map(value);
}

export async function startReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const contentType = req.headers["content-type"] ?? "";
      if (req.method !== "POST" || req.url !== "/v1/traces") {
        res.writeHead(404).end();
        return;
      }
      const request = contentType.startsWith("application/x-protobuf")
        ? decodeProtobuf(body)
        : (JSON.parse(body.toString("utf8")) as OtlpRequest);
      received.push({ contentType, headers: req.headers, body, spans: flatten(request) });
      // An empty ExportTraceServiceResponse in the request's own encoding.
      res
        .writeHead(200, { "content-type": contentType.startsWith("application/json") ? "application/json" : "application/x-protobuf" })
        .end(contentType.startsWith("application/json") ? "{}" : "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on: opened, then closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
