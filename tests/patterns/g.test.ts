import { beforeEach, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
import { hostServices } from "../services/server";
import { patternContract } from "./contract";

hostServices();
patternContract("G");

describe("pattern G: a manager agent routes to agent services", () => {
  it("reaches each specialist over HTTP, with the handoff, the hop and the specialist's own work inside its group", async () => {
    const { freshDb } = await import("../helpers");
    const { turn, bookingsOf } = await import("./harness");
    await freshDb();
    const t = await turn("G", "Book court D tomorrow at 8pm", { userId: "routed" });
    expect((await bookingsOf("routed")).map((b) => b.slot_id)).toEqual(["2026-12-02_CourtD_2000"]);
    expect(t.events.filter((e) => e.type === "handoff")).toMatchObject([
      {
        from: "manager",
        to: "availability-agent",
        task: "Which courts are free on Wednesday 2 December 2026 at 20:00? Please list them with their slot_id.",
      },
      { from: "manager", to: "booking-agent", task: "Please book slot 2026-12-02_CourtD_2000 for the member." },
    ]);
    const lit = t.events.flatMap((e) =>
      e.type === "node.start" || e.type === "node.end" ? [`${e.type === "node.start" ? "+" : "-"}${e.node}`] : [],
    );
    expect(lit).toEqual([
      "+manager",
      "+availability-agent",
      "+check",
      "+db",
      "-db",
      "-check",
      "-availability-agent",
      "+booking-agent",
      "+book",
      "+db",
      "-db",
      "-book",
      "-booking-agent",
      "-manager",
    ]);
    expect(t.events.filter((e) => e.type === "http.response").map((e) => [e.service, e.status])).toEqual([
      ["availability-agent", 200],
      ["booking-agent", 200],
    ]);
    const vendors = new Set(t.events.flatMap((e) => (e.type === "llm.request" ? [`${e.node}:${e.vendor}`] : [])));
    expect(vendors).toEqual(new Set(["manager:openai", "availability-agent:openai", "booking-agent:anthropic"]));
  });

  it("tells the member when the booking service is down, books nothing, and the next run works", async () => {
    const { freshDb } = await import("../helpers");
    const { turn, bookingsOf } = await import("./harness");
    await freshDb();
    const down = await turn("G", "Book court D tomorrow at 8pm", {
      userId: "stranded",
      options: { chaos: { serviceDown: ["booking-agent"] } },
    });
    expect(down.events).toContainEqual(
      expect.objectContaining({ type: "error", node: "booking-agent", code: "service_unavailable", retryable: false }),
    );
    expect(down.events).toContainEqual(expect.objectContaining({ type: "node.end", node: "booking-agent", ok: false }));
    expect(down.reply).toMatch(/not|could(n't| not)|unavailable|down/i);
    expect(await bookingsOf("stranded")).toHaveLength(0);

    const next = await turn("G", "Book court D tomorrow at 8pm", { userId: "stranded", sessionId: down.sessionId });
    expect(next.status).toBe("ok");
    expect((await bookingsOf("stranded")).map((b) => b.slot_id)).toEqual(["2026-12-02_CourtD_2000"]);
  });
});

describe("pattern G: its own guards, against a scripted model", () => {
  const TOMORROW = "2026-12-02";
  beforeEach(async () => {
    const { freshDb } = await import("../helpers");
    await freshDb();
  });

  it("the booking-agent service stops its own model at its round cap, and the manager hears why", async () => {
    const { turn } = await import("./harness");
    const { forever, call, say } = await import("./scripted");
    const { MAX_ROUNDS } = await import("@/lib/patterns/g/booking-agent");
    const manager = (conv: { messages: { role: string }[] }) =>
      conv.messages.some((m) => m.role === "tool")
        ? say("The booking service did not finish.")
        : call("booking_agent", { input: "List the member's bookings" });
    const model = forever((conv) => (conv.tools.some((t) => t.name === "booking_agent") ? manager(conv) : call("my_bookings")));
    const t = await turn("G", "What bookings do I have?", { userId: "g-guard", script: model });
    expect(t.events.filter((e) => e.type === "tool.call" && e.node === "mine")).toHaveLength(MAX_ROUNDS);
    expect(t.events.find((e) => e.type === "error" && e.node === "booking-agent")).toMatchObject({ code: "loop_cap" });
    expect(t.reply).toBe("The booking service did not finish.");
  });

  it("the booking-agent service refuses a tool it does not hold", async () => {
    const { turn } = await import("./harness");
    const { scripted, call, say } = await import("./scripted");
    const model = scripted(
      call("booking_agent", { input: "Check tomorrow" }),
      call("check_availability", { date: TOMORROW }),
      say("I only book."),
      say("Done."),
    );
    const t = await turn("G", "What is free tomorrow?", { userId: "g-guard", script: model });
    expect(t.events.find((e) => e.type === "decision" && e.node === "booking-agent" && e.by === "code")).toMatchObject({
      choice: "reject unknown tool check_availability",
    });
    expect(t.events.some((e) => e.type === "tool.call")).toBe(false);
  });
});
