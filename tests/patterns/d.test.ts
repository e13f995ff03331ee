import { describe, expect, it } from "vitest";
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
    const t = await turn("D", "Book a court tomorrow at 3pm", { userId: "patient", options: { chaos: { vendorError: { status: 429, times: 1 } } } });
    expect(t.events.find((e) => e.type === "error")).toMatchObject({ code: "vendor_rate_limited", retryable: true });
    expect(t.status).toBe("ok");
    expect(await bookingsOf("patient")).toHaveLength(1);
  });

  it("ends with a clear error when the vendor keeps failing", async () => {
    const { freshDb } = await import("../helpers");
    const { turn, bookingsOf } = await import("./harness");
    await freshDb();
    const t = await turn("D", "Book a court tomorrow at 3pm", { userId: "unlucky", options: { chaos: { vendorError: { status: 500, times: 10 } } } });
    expect(t.status).toBe("error");
    expect(t.reply).toMatch(/OpenAI failed with 500/);
    expect(await bookingsOf("unlucky")).toHaveLength(0);
  });
});
