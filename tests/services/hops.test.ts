import { beforeEach, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
import { parseTraceparent, traceIdOf } from "@/lib/services/traceparent";
import type { TraceEvent } from "@/lib/trace/events";
import { freshDb } from "../helpers";
import { bookingsOf, turn } from "../patterns/harness";
import { hostServices } from "./server";

/** Answers 503 to the next `failures[name]` calls of a service, as a restarting instance would. */
const failures: Record<string, number> = {};
hostServices((name, handler) => async (req) => {
  if ((failures[name] ?? 0) <= 0) return handler(req);
  failures[name]--;
  return Response.json({ error: { code: "service_unavailable", message: "restarting" } }, { status: 503 });
});

type Hop = Extract<TraceEvent, { type: "http.request" | "http.response" }>;
const hops = (events: TraceEvent[]) => events.filter((e): e is Hop => e.type === "http.request" || e.type === "http.response");

describe("service hops", () => {
  beforeEach(freshDb);

  it("carries one trace id per run across every hop, with a new span per hop and per service", async () => {
    const t = await turn("C", "Book me a court for tomorrow at 3pm", { userId: "tracer" });
    expect(t.status).toBe("ok");
    const all = hops(t.events);
    expect(all.filter((e) => e.type === "http.request").map((e) => e.service)).toEqual(["parse", "availability", "booking"]);
    const spans = all.map((e) => parseTraceparent(e.traceparent));
    expect(new Set(spans.map((s) => s?.traceId))).toEqual(new Set([traceIdOf(t.runId)]));
    expect(new Set(spans.map((s) => s?.spanId)).size).toBe(all.length);
    expect(all.filter((e) => e.type === "http.response").map((e) => e.status)).toEqual([200, 200, 200]);
  });

  it("merges each service's work under its own nodes, between the hop's response and the step's end", async () => {
    const t = await turn("C", "Book me a court for tomorrow at 3pm", { userId: "merger" });
    const at = (pred: (e: TraceEvent) => boolean) => t.events.findIndex(pred);
    const response = at((e) => e.type === "http.response" && e.service === "booking");
    const booked = at((e) => e.type === "tool.result" && e.node === "book");
    const end = at((e) => e.type === "node.end" && e.node === "booking");
    expect(response).toBeLessThan(booked);
    expect(booked).toBeLessThan(end);
  });

  it("fails a step whose service is down visibly and cleanly, and the next run works", async () => {
    const down = await turn("C", "Book me a court for tomorrow at 3pm", {
      userId: "unlucky",
      options: { chaos: { serviceDown: ["booking"] } },
    });
    expect(down.status).toBe("error");
    expect(down.events).toContainEqual(
      expect.objectContaining({
        type: "error",
        node: "booking",
        code: "service_unavailable",
        retryable: false,
        message: expect.stringMatching(/booking service/),
      }),
    );
    expect(down.events).toContainEqual(expect.objectContaining({ type: "node.end", node: "booking", ok: false }));
    expect(hops(down.events).filter((e) => e.service === "booking" && e.type === "http.request")).toHaveLength(3);
    expect(down.reply).toMatch(/booking service.*nothing was booked/i);
    expect(await bookingsOf("unlucky")).toHaveLength(0);

    const next = await turn("C", "Book me a court for tomorrow at 3pm", { userId: "unlucky", sessionId: down.sessionId });
    expect(next.status).toBe("ok");
    expect(await bookingsOf("unlucky")).toHaveLength(1);
  });

  it("retries a transient 503 with backoff and then succeeds", async () => {
    failures.availability = 1;
    const t = await turn("C", "What courts are free tomorrow at 4pm?", { userId: "patient" });
    expect(t.status).toBe("ok");
    const statuses = hops(t.events)
      .filter((e) => e.type === "http.response" && e.service === "availability")
      .map((e) => (e as { status: number }).status);
    expect(statuses).toEqual([503, 200]);
    expect(t.events).toContainEqual(expect.objectContaining({ type: "error", node: "availability", retryable: true }));
    expect(t.reply).toMatch(/free/i);
  });
});
