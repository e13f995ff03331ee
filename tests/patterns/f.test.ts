import { describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "pattern-f-test-secret";
import { patternContract } from "./contract";

patternContract("F");

describe("pattern F: a manager routes to specialist agents", () => {
  it("nests each specialist's run under the manager, with handoffs and the manager's decisions", async () => {
    const { freshDb } = await import("../helpers");
    const { turn, bookingsOf } = await import("./harness");
    await freshDb();
    const t = await turn("F", "Book court D tomorrow at 8pm", { userId: "routed" });
    expect((await bookingsOf("routed")).map((b) => b.slot_id)).toEqual(["2026-12-02_CourtD_2000"]);

    const lit = t.events.flatMap((e) => (e.type === "node.start" || e.type === "node.end" ? [`${e.type === "node.start" ? "+" : "-"}${e.node}`] : []));
    expect(lit).toEqual(["+manager", "+availability-agent", "+check", "+db", "-db", "-check", "-availability-agent", "+booking-agent", "+book", "+db", "-db", "-book", "-booking-agent", "-manager"]);
    expect(t.events.filter((e) => e.type === "handoff")).toMatchObject([
      { from: "manager", to: "availability-agent", task: "Which courts are free on Wednesday 2 December 2026 at 20:00? Please list them with their slot_id." },
      { from: "manager", to: "booking-agent", task: "Please book slot 2026-12-02_CourtD_2000 for the member." },
    ]);
    const managerChoices = t.events.flatMap((e) => (e.type === "decision" && e.node === "manager" ? [`${e.by}: ${e.choice}`] : []));
    expect(managerChoices).toEqual([
      'llm: availability_agent({"input":"Which courts are free on Wednesday 2 December 2026 at 20:00? Please list them with their slot_id."})',
      'llm: booking_agent({"input":"Please book slot 2026-12-02_CourtD_2000 for the member."})',
      "llm: answer the member",
    ]);
    expect(t.events.filter((e) => e.type === "llm.request").map((e) => e.type === "llm.request" && e.node)).toEqual(["manager", "availability-agent", "availability-agent", "manager", "booking-agent", "booking-agent", "manager"]);
    expect(t.events.find((e) => e.type === "llm.request" && e.node === "booking-agent")).toMatchObject({ tools: ["book_slot"], messages: [expect.objectContaining({ content: "Please book slot 2026-12-02_CourtD_2000 for the member." })] });
    expect(t.events.filter((e) => e.type === "edge" && e.label === "task").map((e) => e.type === "edge" && e.to)).toEqual(["availability-agent", "booking-agent"]);
  });

  it("only asks the availability specialist when the member only asks what is free", async () => {
    const { freshDb } = await import("../helpers");
    const { turn } = await import("./harness");
    await freshDb();
    const t = await turn("F", "Which courts are free on Thursday evening?", { userId: "browser" });
    expect(t.events.filter((e) => e.type === "handoff").map((e) => e.type === "handoff" && e.to)).toEqual(["availability-agent"]);
    expect(t.events.some((e) => e.type === "node.start" && e.node === "booking-agent")).toBe(false);
  });

});
