import { describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
import { hostServices } from "../services/server";
import { patternContract } from "./contract";

hostServices();
patternContract("C");

describe("pattern C: fixed steps, each a service", () => {
  it("calls parse, availability and booking in order, each service's model inside its own group", async () => {
    const { freshDb } = await import("../helpers");
    const { turn } = await import("./harness");
    const { patternC } = await import("@/lib/patterns/c");
    await freshDb();
    const t = await turn("C", "Book an indoor court tomorrow at 3pm", { userId: "stepper" });
    expect(t.events.filter((e) => e.type === "http.request").map((e) => e.service)).toEqual(["parse", "availability", "booking"]);
    const groupOf = new Map(patternC.graph.nodes.map((n) => [n.id, n.group]));
    expect(t.events.filter((e) => e.type === "llm.request").map((e) => [e.node, groupOf.get(e.node), e.vendor])).toEqual([
      ["parse-llm", "svc-parse", "openai"], ["availability-llm", "svc-availability", "anthropic"], ["booking-llm", "svc-booking", "bedrock"],
    ]);
    expect(t.events.filter((e) => e.type === "decision" && e.node === "orchestrator").every((e) => e.type === "decision" && e.by === "code")).toBe(true);
  });

  it("refuses a slot the booking model made up, and books nothing", async () => {
    const { freshDb } = await import("../helpers");
    const { turn, bookingsOf } = await import("./harness");
    await freshDb();
    const t = await turn("C", "Book a court tomorrow at 3pm", { userId: "dreamer", options: { chaos: { hallucinatedSlot: true } } });
    expect(t.status).toBe("error");
    expect(t.reply).toMatch(/not among the free slots/);
    expect(await bookingsOf("dreamer")).toHaveLength(0);
  });

});
