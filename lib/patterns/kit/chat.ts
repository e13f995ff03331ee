import { ConverseStreamCommand, type ContentBlock, type Message as BedrockMessage } from "@aws-sdk/client-bedrock-runtime";
import type Anthropic from "@anthropic-ai/sdk";
import type OpenAI from "openai";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Usage, Vendor } from "@/lib/trace/events";
import { here, vendorOf, type RunContext } from "./context";
import type { ChatMessage, ToolCall } from "./messages";

export type { ChatMessage, ToolCall };

/**
 * One vendor-agnostic model call over OpenAI Chat Completions, Anthropic Messages or Bedrock
 * Converse, always streamed: text arrives as llm.delta (and message.delta when it is the reply),
 * tool calls are assembled from the stream. Transient vendor errors are retried a bounded number
 * of times, each one visible as a retryable error event, unless part of the reply went out already.
 */
export type ToolDef = { name: string; description: string; parameters: Record<string, unknown> };

export type ChatRequest = {
  /** The model's node and vendor: by default the step the call is made in, and that step's vendor. */
  node?: string;
  vendor?: Vendor;
  system: string;
  messages: ChatMessage[];
  tools?: ToolDef[];
  json?: boolean;
  /** Stream the text to the user as the run's reply. */
  reply?: boolean;
};
export type ChatResult = { text: string; toolCalls: ToolCall[]; usage: Usage };

type Streamed = { onText(delta: string): void; signal: AbortSignal };

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

const CALLERS: Record<Vendor, (ctx: RunContext, model: string, req: ChatRequest, io: Streamed) => Promise<ChatResult>> = {
  openai: callOpenAI,
  anthropic: callAnthropic,
  bedrock: callBedrock,
};

async function callOpenAI(ctx: RunContext, model: string, req: ChatRequest, io: Streamed): Promise<ChatResult> {
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: "system", content: req.system }];
  for (const m of req.messages) {
    if (m.role === "user") messages.push({ role: "user", content: m.text });
    else if (m.role === "tool") messages.push({ role: "tool", tool_call_id: m.callId, content: m.content });
    else
      messages.push({
        role: "assistant",
        content: m.text || null,
        ...(m.toolCalls?.length
          ? {
              tool_calls: m.toolCalls.map((c) => ({
                id: c.id,
                type: "function" as const,
                function: { name: c.name, arguments: JSON.stringify(c.args) },
              })),
            }
          : {}),
      });
  }
  const stream = await ctx.clients.openai.chat.completions.create(
    {
      model,
      messages,
      stream: true,
      stream_options: { include_usage: true },
      ...(req.tools?.length ? { tools: req.tools.map((t) => ({ type: "function" as const, function: t })) } : {}),
      ...(req.json ? { response_format: { type: "json_object" as const } } : {}),
    },
    { signal: io.signal },
  );
  let text = "";
  const calls: { id: string; name: string; args: string }[] = [];
  const usage: Usage = { inputTokens: 0, outputTokens: 0 };
  for await (const chunk of stream) {
    if (chunk.usage) Object.assign(usage, { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens });
    const delta = chunk.choices[0]?.delta;
    if (delta?.content) {
      text += delta.content;
      io.onText(delta.content);
    }
    for (const tc of delta?.tool_calls ?? []) {
      calls[tc.index] ??= { id: tc.id ?? "", name: "", args: "" };
      if (tc.function?.name) calls[tc.index].name += tc.function.name;
      if (tc.function?.arguments) calls[tc.index].args += tc.function.arguments;
    }
  }
  return { text, toolCalls: calls.map((c) => ({ id: c.id, name: c.name, args: parseArgs(c.args) })), usage };
}

async function callAnthropic(ctx: RunContext, model: string, req: ChatRequest, io: Streamed): Promise<ChatResult> {
  const messages: Anthropic.MessageParam[] = [];
  for (const m of req.messages) {
    if (m.role === "user") messages.push({ role: "user", content: m.text });
    else if (m.role === "assistant")
      messages.push({
        role: "assistant",
        content: [
          ...(m.text ? [{ type: "text" as const, text: m.text }] : []),
          ...(m.toolCalls ?? []).map((c) => ({ type: "tool_use" as const, id: c.id, name: c.name, input: c.args })),
        ],
      });
    else {
      const block = { type: "tool_result" as const, tool_use_id: m.callId, content: m.content };
      const last = messages.at(-1);
      // Consecutive tool results travel together in one user turn.
      if (last?.role === "user" && Array.isArray(last.content) && last.content.every((b) => b.type === "tool_result"))
        last.content.push(block);
      else messages.push({ role: "user", content: [block] });
    }
  }
  const stream = await ctx.clients.anthropic.messages.create(
    {
      model,
      max_tokens: 1024,
      system: req.system,
      messages,
      stream: true,
      ...(req.tools?.length
        ? {
            tools: req.tools.map((t) => ({
              name: t.name,
              description: t.description,
              input_schema: t.parameters as Anthropic.Tool.InputSchema,
            })),
          }
        : {}),
    },
    { signal: io.signal },
  );
  let text = "";
  const calls: { id: string; name: string; args: string }[] = [];
  const usage: Usage = { inputTokens: 0, outputTokens: 0 };
  for await (const event of stream) {
    if (event.type === "message_start") usage.inputTokens = event.message.usage.input_tokens;
    else if (event.type === "message_delta") usage.outputTokens = event.usage.output_tokens;
    else if (event.type === "content_block_start" && event.content_block.type === "tool_use")
      calls[event.index] = { id: event.content_block.id, name: event.content_block.name, args: "" };
    else if (event.type === "content_block_delta" && event.delta.type === "text_delta") {
      text += event.delta.text;
      io.onText(event.delta.text);
    } else if (event.type === "content_block_delta" && event.delta.type === "input_json_delta")
      calls[event.index].args += event.delta.partial_json;
  }
  return { text, toolCalls: calls.filter(Boolean).map((c) => ({ id: c.id, name: c.name, args: parseArgs(c.args) })), usage };
}

async function callBedrock(ctx: RunContext, model: string, req: ChatRequest, io: Streamed): Promise<ChatResult> {
  const messages: BedrockMessage[] = [];
  for (const m of req.messages) {
    if (m.role === "user") messages.push({ role: "user", content: [{ text: m.text }] });
    else if (m.role === "assistant")
      messages.push({
        role: "assistant",
        content: [
          ...(m.text ? [{ text: m.text }] : []),
          ...(m.toolCalls ?? []).map((c) => ({ toolUse: { toolUseId: c.id, name: c.name, input: c.args as never } })),
        ],
      });
    else {
      const block: ContentBlock = { toolResult: { toolUseId: m.callId, content: [{ text: m.content }] } };
      const last = messages.at(-1);
      if (last?.role === "user" && last.content?.every((b) => b.toolResult)) last.content.push(block);
      else messages.push({ role: "user", content: [block] });
    }
  }
  const res = await ctx.clients.bedrock.send(
    new ConverseStreamCommand({
      modelId: model,
      system: [{ text: req.system }],
      messages,
      ...(req.tools?.length
        ? {
            toolConfig: {
              tools: req.tools.map((t) => ({
                toolSpec: { name: t.name, description: t.description, inputSchema: { json: t.parameters as never } },
              })),
            },
          }
        : {}),
    }),
    { abortSignal: io.signal },
  );
  let text = "";
  const calls: { id: string; name: string; args: string }[] = [];
  const usage: Usage = { inputTokens: 0, outputTokens: 0 };
  for await (const event of res.stream ?? []) {
    const start = event.contentBlockStart;
    if (start?.start?.toolUse)
      calls[start.contentBlockIndex ?? 0] = { id: start.start.toolUse.toolUseId ?? "", name: start.start.toolUse.name ?? "", args: "" };
    const delta = event.contentBlockDelta;
    if (delta?.delta?.text) {
      text += delta.delta.text;
      io.onText(delta.delta.text);
    }
    if (delta?.delta?.toolUse?.input) calls[delta.contentBlockIndex ?? 0].args += delta.delta.toolUse.input;
    if (event.metadata?.usage)
      Object.assign(usage, { inputTokens: event.metadata.usage.inputTokens ?? 0, outputTokens: event.metadata.usage.outputTokens ?? 0 });
  }
  return { text, toolCalls: calls.filter(Boolean).map((c) => ({ id: c.id, name: c.name, args: parseArgs(c.args) })), usage };
}

/** The last `max` messages, starting at a user turn so no tool result loses its call. */
export function trimHistory(messages: ChatMessage[], max: number): ChatMessage[] {
  const tail = messages.slice(-max);
  const firstUser = tail.findIndex((m) => m.role === "user");
  return firstUser < 0 ? [] : tail.slice(firstUser);
}

/** Arguments as the model sent them; unparseable JSON is kept as text so validation can name it. */
function parseArgs(raw: string): unknown {
  if (!raw) return {};
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
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

export const VENDOR_NAMES: Record<Vendor, string> = { openai: "OpenAI", anthropic: "Anthropic", bedrock: "AWS Bedrock" };

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
