import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { chat, withRetries } from "@/lib/patterns/kit/chat";
import type { RunContext } from "@/lib/patterns/kit/context";
import type { TraceEventInput } from "@/lib/trace/events";

process.env.LLM_MAX_RETRIES = "2";

/** Just what withRetries reads of a run: its signal and its emitter. */
function context(signal = new AbortController().signal) {
  const events: TraceEventInput[] = [];
  return { ctx: { signal, emit: (e: TraceEventInput) => events.push(e) } as unknown as RunContext, events };
}

const overloaded = () => Object.assign(new Error("503 overloaded"), { status: 503 });

describe("withRetries", () => {
  it("retries a transient fault with a visible error event per retry, then answers", async () => {
    const { ctx, events } = context();
    let calls = 0;
    const answer = await withRetries(ctx, "llm", "openai", async () => {
      if (++calls < 3) throw overloaded();
      return "ok";
    });
    expect(answer).toBe("ok");
    expect(calls).toBe(3);
    expect(events).toMatchObject([
      { type: "error", node: "llm", retryable: true, message: expect.stringMatching(/Retrying \(1\/2\)/) },
      { type: "error", node: "llm", retryable: true, message: expect.stringMatching(/Retrying \(2\/2\)/) },
    ]);
  });

  it("gives up after LLM_MAX_RETRIES retries with the vendor's failure", async () => {
    const { ctx } = context();
    let calls = 0;
    await expect(
      withRetries(ctx, "llm", "anthropic", async () => {
        calls++;
        throw overloaded();
      }),
    ).rejects.toBeInstanceOf(AppError);
    expect(calls).toBe(3);
  });

  it("does not retry once the caller vetoes it (part of a reply already went out)", async () => {
    const { ctx, events } = context();
    let calls = 0;
    let spoke = false;
    const attempt = async () => {
      calls++;
      spoke = true;
      throw overloaded();
    };
    await expect(withRetries(ctx, "orchestration", "bedrock", attempt, { mayRetry: () => !spoke })).rejects.toMatchObject({
      retryable: true,
    });
    expect(calls).toBe(1);
    expect(events).toEqual([]);
  });

  it("does not retry a fault that is not transient", async () => {
    const { ctx } = context();
    let calls = 0;
    await expect(
      withRetries(ctx, "llm", "openai", async () => {
        calls++;
        throw Object.assign(new Error("bad key"), { status: 401 });
      }),
    ).rejects.toMatchObject({ retryable: false });
    expect(calls).toBe(1);
  });
});

describe("chat", () => {
  /** A run whose OpenAI client streams `sent` and then fails with a 503, on every attempt. */
  function breakingMidStream(sent: string[]) {
    const { ctx, events } = context();
    let calls = 0;
    const create = async () => {
      calls++;
      return (async function* () {
        for (const content of sent) yield { choices: [{ delta: { content } }] };
        throw overloaded();
      })();
    };
    Object.assign(ctx, {
      clients: { openai: { chat: { completions: { create } } }, models: { openai: "gpt-4.1-mini" }, modes: { openai: "sim" } },
    });
    return { ctx, events, calls: () => calls };
  }

  it("does not retry once part of the reply reached the member: the step fails instead", async () => {
    const { ctx, events, calls } = breakingMidStream(["Court B is ", "yours"]);
    await expect(
      chat(ctx, { node: "llm", vendor: "openai", system: "s", messages: [{ role: "user", text: "hi" }], reply: true }),
    ).rejects.toMatchObject({ code: "vendor_error" });
    expect(calls()).toBe(1);
    expect(events.filter((e) => e.type === "message.delta").map((e) => e.type === "message.delta" && e.text)).toEqual([
      "Court B is ",
      "yours",
    ]);
    expect(events.filter((e) => e.type === "error")).toEqual([]);
  });

  it("still retries a failure before any reply text went out, visibly", async () => {
    const { ctx, events, calls } = breakingMidStream([]);
    await expect(
      chat(ctx, { node: "llm", vendor: "openai", system: "s", messages: [{ role: "user", text: "hi" }], reply: true }),
    ).rejects.toMatchObject({ code: "vendor_error" });
    expect(calls()).toBe(3);
    expect(events.filter((e) => e.type === "error")).toHaveLength(2);
  });
});
