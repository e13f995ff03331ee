import { beforeEach, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
import { patternContract } from "./contract";

patternContract("D");

describe("pattern D: your loop", () => {
  it("stops a model that keeps calling tools at the round cap and says so", async () => {
    const { freshDb } = await import("../helpers");
    const { turn } = await import("./harness");
    const { MAX_ROUNDS } = await import("@/lib/patterns/d");
    await freshDb();
    const t = await turn("D", "Book a court tomorrow at 3pm", { userId: "looper", options: { chaos: { toolLoop: true } } });
    expect(t.events.filter((e) => e.type === "llm.request")).toHaveLength(MAX_ROUNDS);
    expect(t.events.find((e) => e.type === "error")).toMatchObject({ code: "loop_cap" });
    expect(t.reply).toMatch(new RegExp(`${MAX_ROUNDS} rounds`));
  });

  it("works the same through Claude tool use and Bedrock Converse", async () => {
    const { freshDb } = await import("../helpers");
    const { turn, bookingsOf } = await import("./harness");
    for (const vendor of ["anthropic", "bedrock"] as const) {
      await freshDb();
      const t = await turn("D", "Book court D tomorrow at 8pm", { userId: `via-${vendor}`, options: { vendors: { llm: vendor } } });
      expect(t.events.find((e) => e.type === "llm.request")).toMatchObject({ vendor });
      expect((await bookingsOf(`via-${vendor}`)).map((b) => b.slot_id)).toEqual(["2026-12-02_CourtD_2000"]);
    }
  });

  it("retries a rate-limited model call and then succeeds", async () => {
    const { freshDb } = await import("../helpers");
    const { turn, bookingsOf } = await import("./harness");
    await freshDb();
    const t = await turn("D", "Book a court tomorrow at 3pm", {
      userId: "patient",
      options: { chaos: { vendorError: { status: 429, times: 1 } } },
    });
    expect(t.events.find((e) => e.type === "error")).toMatchObject({ code: "vendor_rate_limited", retryable: true });
    expect(t.status).toBe("ok");
    expect(await bookingsOf("patient")).toHaveLength(1);
  });

  it("ends with a clear error when the vendor keeps failing", async () => {
    const { freshDb } = await import("../helpers");
    const { turn, bookingsOf } = await import("./harness");
    await freshDb();
    const t = await turn("D", "Book a court tomorrow at 3pm", {
      userId: "unlucky",
      options: { chaos: { vendorError: { status: 500, times: 10 } } },
    });
    expect(t.status).toBe("error");
    expect(t.reply).toMatch(/OpenAI failed with 500/);
    expect(await bookingsOf("unlucky")).toHaveLength(0);
  });
});

describe("pattern D: its own guards, against a scripted model", () => {
  const TOMORROW = "2026-12-02";
  beforeEach(async () => {
    const { freshDb } = await import("../helpers");
    await freshDb();
  });

  it("stops a scripted model that never stops calling tools at the round cap", async () => {
    const { turn } = await import("./harness");
    const { forever, call } = await import("./scripted");
    const { MAX_ROUNDS } = await import("@/lib/patterns/d");
    const model = forever(call("check_availability", { date: TOMORROW, time: "15:00" }));
    const t = await turn("D", "Book a court tomorrow at 3pm", { userId: "d-guard", script: model });
    expect(model.seen).toHaveLength(MAX_ROUNDS);
    expect(t.events.filter((e) => e.type === "tool.call")).toHaveLength(MAX_ROUNDS);
    expect(t.events.find((e) => e.type === "error")).toMatchObject({ code: "loop_cap" });
    expect(t.reply).toMatch(new RegExp(`${MAX_ROUNDS} rounds`));
  });

  it("rejects a tool it does not offer without running anything, and tells the model", async () => {
    const { turn } = await import("./harness");
    const { scripted, call, say } = await import("./scripted");
    const model = scripted(call("delete_all_bookings", { confirm: true }), say("I cannot do that."));
    const t = await turn("D", "Delete every booking", { userId: "d-guard", script: model });
    expect(t.events.filter((e) => e.type === "decision" && e.node === "loop").map((e) => e.type === "decision" && e.choice)).toContain(
      "reject unknown tool delete_all_bookings",
    );
    expect(t.events.some((e) => e.type === "tool.call")).toBe(false);
    expect(model.lastToolResults()).toEqual([{ error: { code: "unknown_tool", message: expect.stringContaining("delete_all_bookings") } }]);
    expect(t.reply).toBe("I cannot do that.");
  });

  it("hands broken tool arguments back to the model as an error, booking nothing", async () => {
    const { turn, bookingsOf } = await import("./harness");
    const { scripted, brokenArgs, say } = await import("./scripted");
    const model = scripted(brokenArgs("book_slot"), say("Sorry, that went wrong."));
    await turn("D", "Book a court tomorrow at 3pm", { userId: "d-guard", script: model });
    expect(model.lastToolResults()).toEqual([{ error: { code: "invalid_arguments", message: expect.any(String) } }]);
    expect(await bookingsOf("d-guard")).toHaveLength(0);
  });
});
