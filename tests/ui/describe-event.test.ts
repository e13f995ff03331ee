import { describe, expect, it } from "vitest";
import { describeEvent, estimate } from "@/lib/ui/describe-event";
import type { TraceEvent } from "@/lib/trace/events";

describe("estimated figures", () => {
  const response = (estimated?: boolean): TraceEvent => ({
    type: "llm.response",
    runId: "r",
    seq: 2,
    t: 1,
    node: "llm",
    text: "Hi",
    usage: { inputTokens: 40, outputTokens: 3, ...(estimated ? { estimated } : {}) },
    ms: 5,
  });

  it("marks the simulated model's token counts as estimates, and leaves a live vendor's as reported", () => {
    expect(describeEvent(response(true))).toContain("≈40+3 tokens");
    expect(describeEvent(response())).toContain(" 40+3 tokens");
    expect(estimate(true)).toBe("≈");
    expect(estimate(false)).toBe("");
  });
});
