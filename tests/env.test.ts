import { afterEach, describe, expect, it } from "vitest";
import { env } from "@/lib/env";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe("settings", () => {
  it("sees a setting changed after first use, and keeps answering the same object while nothing changes", () => {
    process.env.SIM_LATENCY = "on";
    const first = env();
    expect(first.SIM_LATENCY).toBe("on");
    expect(env()).toBe(first);
    process.env.SIM_LATENCY = "off";
    expect(env().SIM_LATENCY).toBe("off");
    delete process.env.SIM_LATENCY;
    expect(env().SIM_LATENCY).toBe("on");
  });

  it("names the setting that is wrong, every time until it is fixed", () => {
    process.env.LLM_MAX_RETRIES = "lots";
    expect(() => env()).toThrow(/Invalid environment: LLM_MAX_RETRIES/);
    expect(() => env()).toThrow(/LLM_MAX_RETRIES/);
    process.env.LLM_MAX_RETRIES = "3";
    expect(env().LLM_MAX_RETRIES).toBe(3);
  });
});
