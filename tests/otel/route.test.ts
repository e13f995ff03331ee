import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "otel-route-test-secret";
import * as otel from "@/app/api/runs/[id]/otel/route";
import { SESSION_COOKIE } from "@/lib/http/session";
import { sign } from "@/lib/signing";
import { flushExports } from "@/lib/otel/exporter";
import { traceIdOf } from "@/lib/services/traceparent";
import { freshDb } from "../helpers";
import { turn } from "../patterns/harness";
import { hostServices } from "../services/server";
import { flatten, startReceiver, type OtlpRequest } from "./receiver";
import { contentKeys, expectRunTrace } from "./shape";

hostServices();

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
  await freshDb();
});
afterAll(() => receiver.close());
afterEach(() => {
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  delete process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT;
});

/** As the member `as` (the run's owner, or someone else), or as a first-time visitor. */
function download(id: string, as?: string) {
  const headers = as ? { cookie: `${SESSION_COOKIE}=${sign(as)}` } : undefined;
  return otel.GET(new Request(`http://club.test/api/runs/${id}/otel`, { headers }), { params: Promise.resolve({ id }) });
}

describe("GET /api/runs/{id}/otel", () => {
  it("answers the stored run as an OTLP/JSON ExportTraceServiceRequest, the same spans the exporter sends", async () => {
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
    const t = await turn("G", "Book me a court for tomorrow at 3pm", { userId: "downloader" });
    await flushExports();
    const res = await download(t.runId, "downloader");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${t.runId}.otlp.json"`);
    const body = (await res.json()) as OtlpRequest;
    // The orchestrator and the two agent services, each a resource of its own.
    expect(
      body.resourceSpans.map((rs) => rs.resource?.attributes?.find((a) => a.key === "service.name")?.value.stringValue).sort(),
    ).toEqual([
      "control-spectrum-playground",
      "control-spectrum-playground-availability-agent",
      "control-spectrum-playground-booking-agent",
    ]);
    for (const rs of body.resourceSpans)
      for (const ss of rs.scopeSpans)
        for (const s of ss.spans) {
          expect(s.traceId).toMatch(/^[0-9a-f]{32}$/);
          expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
          expect(s.startTimeUnixNano).toMatch(/^\d{19}$/);
        }
    const spans = flatten(body);
    expectRunTrace("G", t, spans);
    expect(contentKeys(spans)).toEqual([]);
    const shape = (list: typeof spans) => list.map((s) => [s.spanId, s.parentSpanId, s.name, s.start, s.end].join(" ")).sort();
    const sent = receiver.received.flatMap((r) => r.spans).filter((s) => s.traceId === traceIdOf(t.runId));
    // Times differ only by where the run's start came from (the clock at run.start vs the stored row).
    expect(sent.map((s) => [s.spanId, s.parentSpanId, s.name].join(" ")).sort()).toEqual(
      spans.map((s) => [s.spanId, s.parentSpanId, s.name].join(" ")).sort(),
    );
    expect(shape(flatten((await (await download(t.runId, "downloader")).json()) as OtlpRequest))).toEqual(shape(spans));
  });

  it("gives someone else the same trace without the conversation's id, as GET /api/runs/{id} does", async () => {
    const t = await turn("F", "Book me a court for tomorrow at 3pm", { userId: "owner" });
    const mine = flatten((await (await download(t.runId, "owner")).json()) as OtlpRequest);
    const theirs = flatten((await (await download(t.runId, "someone-else")).json()) as OtlpRequest);
    expect(theirs.map((s) => s.spanId)).toEqual(mine.map((s) => s.spanId));
    expect(mine.filter((s) => s.attributes["gen_ai.conversation.id"] === t.sessionId).length).toBeGreaterThan(1);
    for (const s of theirs) expect(s.attributes).not.toHaveProperty("gen_ai.conversation.id");
    for (const s of theirs) expect(s.attributes).not.toHaveProperty("session.id");
    expect(JSON.stringify(theirs.map((s) => [s.name, s.attributes, s.events, s.resource]))).not.toContain(t.sessionId);
  });

  it("includes message content only when it is opted in", async () => {
    const t = await turn("A", "Book me a court for tomorrow at 3pm", { userId: "reader" });
    process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = "true";
    const spans = flatten((await (await download(t.runId, "reader")).json()) as OtlpRequest);
    expect(contentKeys(spans)).toEqual(
      expect.arrayContaining(["gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.tool.call.arguments", "input.value"]),
    );
  });

  it("answers 404 with the error shape for a run that does not exist", async () => {
    const res = await download("run_nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found", message: expect.any(String) } });
  });
});
