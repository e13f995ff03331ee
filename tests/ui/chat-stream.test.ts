import { describe, expect, it } from "vitest";
import { rateLimitMessage } from "@/lib/ui/chat-stream";

describe("rateLimitMessage", () => {
  it("says how long to wait, from seconds or an HTTP date", () => {
    expect(rateLimitMessage("12")).toBe("You're sending messages quickly — try again in 12 s.");
    expect(rateLimitMessage(new Date(1_000_000 + 5_000).toUTCString(), 1_000_000)).toBe(
      "You're sending messages quickly — try again in 5 s.",
    );
  });

  it("stays kind without a usable header", () => {
    expect(rateLimitMessage(null)).toBe("You're sending messages quickly — try again in a moment.");
    expect(rateLimitMessage("soon")).toBe("You're sending messages quickly — try again in a moment.");
  });
});
