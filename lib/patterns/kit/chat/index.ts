/**
 * One vendor-agnostic model call over OpenAI Chat Completions, Anthropic Messages or Bedrock
 * Converse, always streamed: text arrives as llm.delta (and message.delta when it is the reply),
 * tool calls are assembled from the stream by the vendor's adapter (openai.ts, anthropic.ts,
 * bedrock.ts; the request, result and adapter contract are in adapter.ts). Transient vendor errors are retried a
 * bounded number of times, each one visible as a retryable error event, unless part of the reply
 * went out already.
 */
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Vendor } from "@/lib/trace/events";
import { here, vendorOf, type RunContext } from "../context";
import type { ChatMessage } from "../messages";
import { callAnthropic } from "./anthropic";
import { callBedrock } from "./bedrock";
import type { ChatRequest, ChatResult, VendorCaller } from "./adapter";
import { callOpenAI } from "./openai";

/** Each vendor's adapter: our request in its wire format, its stream back as our result. */
const CALLERS: Record<Vendor, VendorCaller> = { openai: callOpenAI, anthropic: callAnthropic, bedrock: callBedrock };

export async function chat(ctx: RunContext, request: ChatRequest): Promise<ChatResult> {
  const node = request.node ?? here(ctx);
  const req = { ...request, node, vendor: request.vendor ?? vendorOf(ctx, node) };
  const model = ctx.clients.models[req.vendor];
  const live = ctx.clients.modes[req.vendor] === "live";
  ctx.emit({
    type: "llm.request",
    node: req.node,
    vendor: req.vendor,
    model,
    live,
    messages: [{ role: "system", text: req.system }, ...req.messages],
    tools: req.tools?.map((t) => t.name) ?? [],
  });
  let spoke = false;
  const onText = (text: string) => {
    ctx.emit({ type: "llm.delta", node: req.node, text });
    if (!req.reply) return;
    spoke = true;
    ctx.emit({ type: "message.delta", text });
  };
  // Once part of the reply reached the member, a retry would say it twice: the failure ends the step.
  return withRetries(
    ctx,
    req.node,
    req.vendor,
    async (signal) => {
      const started = performance.now();
      const result = await CALLERS[req.vendor](ctx, model, req, { onText, signal });
      ctx.emit({
        type: "llm.response",
        node: req.node,
        text: result.text || undefined,
        toolCalls: result.toolCalls.length ? result.toolCalls : undefined,
        usage: live ? result.usage : { ...result.usage, estimated: true },
        ms: Math.round(performance.now() - started),
      });
      return result;
    },
    { mayRetry: () => !spoke },
  );
}

/**
 * One vendor call within the app's bounds: a timeout per attempt, and bounded retries with backoff
 * on transient failures, each announced as a retryable error event. `mayRetry` vetoes a retry, e.g.
 * once part of a reply has reached the member.
 */
export async function withRetries<T>(
  ctx: RunContext,
  node: string,
  vendor: Vendor,
  attempt: (signal: AbortSignal) => Promise<T>,
  { timeoutMs = env().LLM_TIMEOUT_MS, mayRetry = () => true }: { timeoutMs?: number; mayRetry?: () => boolean } = {},
): Promise<T> {
  const { LLM_MAX_RETRIES } = env();
  for (let tried = 0; ; tried++) {
    try {
      return await attempt(AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]));
    } catch (error) {
      const failure = vendorFailure(error, vendor, ctx.signal);
      if (!failure.retryable || tried >= LLM_MAX_RETRIES || !mayRetry()) throw failure;
      ctx.emit({
        type: "error",
        node,
        code: failure.code,
        message: `${failure.message} Retrying (${tried + 1}/${LLM_MAX_RETRIES}).`,
        retryable: true,
      });
      await sleep(150 * 2 ** tried, ctx.signal);
    }
  }
}

/** The last `max` messages, starting at a user turn so no tool result loses its call. */
export function trimHistory(messages: ChatMessage[], max: number): ChatMessage[] {
  const tail = messages.slice(-max);
  const firstUser = tail.findIndex((m) => m.role === "user");
  return firstUser < 0 ? [] : tail.slice(firstUser);
}

/** Any vendor SDK's failure as our one error type. */
export function vendorFailure(error: unknown, vendor: Vendor, runSignal: AbortSignal): AppError {
  if (error instanceof AppError) return error;
  if (runSignal.aborted) return new AppError("aborted", "The run was stopped.", { cause: error });
  const e = error as { status?: number; name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.status ?? e.$metadata?.httpStatusCode;
  const name = e.name ?? "";
  const who = VENDOR_NAMES[vendor];
  if (status === 429 || /Throttling|RateLimit/i.test(name))
    return new AppError("vendor_rate_limited", `${who} is rate limiting requests (429).`, { retryable: true, cause: error });
  if (/Timeout|AbortError/i.test(name) || /timed? ?out/i.test(e.message ?? ""))
    return new AppError("vendor_timeout", `${who} did not answer in time.`, { retryable: true, cause: error });
  if (status && status >= 500) return new AppError("vendor_error", `${who} failed with ${status}.`, { retryable: true, cause: error });
  if (status) return new AppError("vendor_error", `${who} refused the request (${status}): ${e.message ?? name}`, { cause: error });
  return new AppError("vendor_error", `${who} could not be reached: ${e.message ?? name}`, { retryable: true, cause: error });
}

const VENDOR_NAMES: Record<Vendor, string> = { openai: "OpenAI", anthropic: "Anthropic", bedrock: "AWS Bedrock" };

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new AppError("aborted", "The run was stopped."));
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(new AppError("aborted", "The run was stopped."));
      },
      { once: true },
    );
  });
}
