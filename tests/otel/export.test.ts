import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "otel-export-test-secret";
import { ProxyTracerProvider, trace } from "@opentelemetry/api";
import { exportStats, flushExports } from "@/lib/otel/exporter";
import { runToSpans } from "@/lib/otel/spans";
import { patternById } from "@/lib/patterns";
import { PATTERN_IDS, type PatternId } from "@/lib/patterns/types";
import { traceIdOf } from "@/lib/services/traceparent";
import { freshDb } from "../helpers";
import { turn } from "../patterns/harness";
import { hostServices } from "../services/server";
import { closedPort, startReceiver } from "./receiver";
import { contentKeys, expectRunTrace } from "./shape";

hostServices();

const ASK = "Book me a court for tomorrow at 3pm";
const SETTINGS = [
  "OTEL_EXPORTER_OTLP_ENDPOINT",
  "OTEL_EXPORTER_OTLP_PROTOCOL",
  "OTEL_EXPORTER_OTLP_HEADERS",
  "OTEL_EXPORTER_OTLP_TIMEOUT",
  "OTEL_BSP_MAX_QUEUE_SIZE",
  "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT",
];
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let n = 0;

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());
beforeEach(async () => {
  await freshDb();
});
afterEach(async () => {
  await flushExports();
  for (const key of SETTINGS) delete process.env[key];
});

function exportTo(settings: Record<string, string>) {
  Object.assign(process.env, settings);
}

/** One turn, then every span the receiver got for its trace, and the requests that carried them. */
async function exportedTurn(pattern: PatternId) {
  const t = await turn(pattern, ASK, { userId: `otel-${pattern}-${++n}` });
  await flushExports();
  const requests = receiver.received.filter((r) => r.spans.some((s) => s.traceId === traceIdOf(t.runId)));
  return { t, requests, spans: requests.flatMap((r) => r.spans) };
}

function spanCount(t: Awaited<ReturnType<typeof turn>>): number {
  const start = t.events[0];
  const pattern = patternById(start.type === "run.start" ? start.pattern : "");
  return runToSpans({ id: t.runId, sessionId: t.sessionId, pattern: pattern.id, events: t.events }, pattern, { captureContent: false })
    .spans.length;
}

describe.each(["http/protobuf", "http/json"] as const)("every finished run exported over OTLP %s", (protocol) => {
  it.each(PATTERN_IDS)("pattern %s arrives as one trace whose tree mirrors the run", async (pattern) => {
    exportTo({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: protocol });
    const { t, requests, spans } = await exportedTurn(pattern);
    expect(t.status).toBe("ok");
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) expect(r.contentType).toBe(protocol === "http/json" ? "application/json" : "application/x-protobuf");
    expectRunTrace(pattern, t, spans);
    // Nothing a member or a model said leaves without the opt-in.
    expect(contentKeys(spans)).toEqual([]);
    const reply = t.reply;
    for (const r of requests) {
      expect(r.body.includes(ASK)).toBe(false);
      expect(reply && r.body.includes(reply)).toBeFalsy();
    }
  });
});

describe("continuous export", () => {
  it("sends the configured headers, as Langfuse's basic auth needs", async () => {
    exportTo({
      OTEL_EXPORTER_OTLP_ENDPOINT: `${receiver.url}/`,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      OTEL_EXPORTER_OTLP_HEADERS: "Authorization=Basic%20cGs6c2s=",
    });
    const { requests } = await exportedTurn("A");
    expect(requests.map((r) => r.headers.authorization)).toEqual(["Basic cGs6c2s="]);
  });

  it("carries prompts, replies and tool arguments only when message content is opted in", async () => {
    exportTo({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: "true" });
    const { t, spans } = await exportedTurn("F");
    expectRunTrace("F", t, spans);
    const root = spans.find((s) => !s.parentSpanId);
    expect(root?.attributes).toMatchObject({ "input.value": ASK, "output.value": t.reply });
    const first = spans.find((s) => s.attributes["gen_ai.operation.name"] === "chat" && s.attributes["graph.node.id"] === "manager");
    expect(JSON.parse(String(first?.attributes["gen_ai.input.messages"]))).toEqual([
      { role: "user", parts: [{ type: "text", content: ASK }] },
    ]);
    expect(first?.attributes).toMatchObject({
      "llm.input_messages.0.message.role": "user",
      "llm.input_messages.0.message.content": ASK,
      "llm.output_messages.0.message.tool_calls.0.tool_call.function.name": "availability_agent",
    });
    const book = spans.find((s) => s.attributes["gen_ai.tool.name"] === "book_slot");
    expect(JSON.parse(String(book?.attributes["gen_ai.tool.call.arguments"]))).toEqual({
      slot_id: expect.stringMatching(/^2026-12-02_Court[A-D]_1500$/),
    });
    expect(JSON.parse(String(book?.attributes["gen_ai.tool.call.result"]))).toMatchObject({ booked: { slot_id: expect.any(String) } });
  });

  it("writes a tool loop's conversation as GenAI message parts: instructions apart, tool calls and their responses paired", async () => {
    exportTo({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: "true" });
    const { t, spans } = await exportedTurn("D");
    const chats = spans.filter((s) => s.attributes["gen_ai.operation.name"] === "chat").sort((a, b) => Number(a.start - b.start));
    const last = chats.at(-1)!;
    expect(JSON.parse(String(last.attributes["gen_ai.system_instructions"]))).toEqual([
      { type: "text", content: expect.stringContaining("booking assistant") },
    ]);
    const messages = JSON.parse(String(last.attributes["gen_ai.input.messages"])) as {
      role: string;
      parts: { type: string; id?: string }[];
    }[];
    expect(messages.map((m) => `${m.role}:${m.parts.map((p) => p.type).join("+")}`)).toEqual([
      "user:text",
      "assistant:tool_call",
      "tool:tool_call_response",
      "assistant:tool_call",
      "tool:tool_call_response",
    ]);
    const callIds = t.events.flatMap((e) => (e.type === "tool.call" ? [e.callId] : []));
    expect(messages.flatMap((m) => m.parts.flatMap((p) => (p.id ? [p.id] : [])))).toEqual([callIds[0], callIds[0], callIds[1], callIds[1]]);
    expect(last.attributes).toMatchObject({
      "llm.input_messages.0.message.role": "system",
      "llm.input_messages.3.message.tool_call_id": callIds[0],
      "llm.output_messages.0.message.content": t.reply,
    });
    expect(JSON.parse(String(last.attributes["gen_ai.output.messages"]))).toEqual([
      { role: "assistant", parts: [{ type: "text", content: t.reply }], finish_reason: "stop" },
    ]);
  });

  it("never slows or fails a run when the collector is unreachable, and counts what it dropped", async () => {
    exportTo({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await closedPort()}`, OTEL_EXPORTER_OTLP_TIMEOUT: "300" });
    const started = performance.now();
    const t = await turn("C", ASK, { userId: "otel-unreachable" });
    // Generous: the run itself takes a fraction of this; the export's own timeout and retries run after it.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(t.status).toBe("ok");
    await flushExports();
    expect(exportStats()).toEqual({ exported: 0, dropped: spanCount(t), queued: 0 });
  });

  it("drops a run that does not fit its bounded queue, and counts its spans", async () => {
    exportTo({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_MAX_QUEUE_SIZE: "5" });
    const { t, spans } = await exportedTurn("B");
    expect(t.status).toBe("ok");
    expect(spans).toEqual([]);
    expect(exportStats()).toMatchObject({ dropped: spanCount(t), exported: 0 });
  });

  it("sends nothing and registers no global tracer provider when no endpoint is set", async () => {
    const before = receiver.received.length;
    const t = await turn("A", ASK, { userId: "otel-off" });
    await flushExports();
    expect(t.status).toBe("ok");
    expect(receiver.received.length).toBe(before);
    const provider = trace.getTracerProvider();
    expect(provider).toBeInstanceOf(ProxyTracerProvider);
    expect((provider as ProxyTracerProvider).getDelegate().constructor.name).toBe("NoopTracerProvider");
  });
});

describe("errors, retries and chaos faults", () => {
  beforeEach(() => exportTo({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }));

  it("shows a vendor's transient error as a retry event on the model call that then answered", async () => {
    const t = await turn("D", ASK, { userId: "otel-flaky", options: { chaos: { vendorError: { status: 500, times: 1 } } } });
    await flushExports();
    const spans = receiver.received.flatMap((r) => r.spans).filter((s) => s.traceId === traceIdOf(t.runId));
    expect(t.status).toBe("ok");
    expectRunTrace("D", t, spans);
    const retried = t.events.find((e) => e.type === "error");
    const [first, ...rest] = spans
      .filter((s) => s.attributes["gen_ai.operation.name"] === "chat")
      .sort((a, b) => Number(a.start - b.start));
    expect(first.events).toEqual([
      {
        name: "retry",
        attributes: {
          "exception.type": retried?.type === "error" && retried.code,
          "exception.message": expect.any(String),
          "csp.retryable": true,
        },
      },
    ]);
    expect(first.status.code).toBe(0);
    for (const chat of rest) expect(chat.events).toEqual([]);
  });

  it("shows a service that is down as failed hops, retries on its step, and a failed run", async () => {
    const t = await turn("C", ASK, { userId: "otel-down", options: { chaos: { serviceDown: ["booking"] } } });
    await flushExports();
    const spans = receiver.received.flatMap((r) => r.spans).filter((s) => s.traceId === traceIdOf(t.runId));
    expect(t.status).toBe("error");
    expectRunTrace("C", t, spans);
    const ERROR = 2;
    const hops = spans.filter((s) => s.name === "POST /api/services/booking");
    expect(hops).toHaveLength(3);
    for (const hop of hops) expect(hop).toMatchObject({ kind: 3, status: { code: ERROR }, attributes: { "error.type": "no_response" } });
    const step = spans.find((s) => s.attributes["graph.node.id"] === "booking");
    expect(step?.events.map((e) => `${e.name} ${e.attributes["exception.type"]}`)).toEqual([
      "retry service_unavailable",
      "retry service_unavailable",
      "exception service_unavailable",
    ]);
    expect(step?.status.code).toBe(ERROR);
    const root = spans.find((s) => !s.parentSpanId);
    expect(root?.status).toMatchObject({ code: ERROR, message: expect.stringMatching(/booking service/) });
    expect(root?.attributes).toMatchObject({ "error.type": "error", "csp.run.status": "error" });
  });
});
