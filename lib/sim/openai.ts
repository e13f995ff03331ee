import { z } from "zod";
import type { Conversation, ToolSpec, Turn } from "./brain";
import { isRecord } from "./evidence";
import { think, vendorFault, type ModelTurn } from "./model";
import {
  Pace,
  SimRequestError,
  chunks,
  jsonResponse,
  makeId,
  parseBody,
  readJson,
  simContext,
  sseResponse,
  unixSeconds,
  type SimContext,
  type SimService,
  type SseEvent,
} from "./wire";

/** OpenAI's wire protocol: Chat Completions and Responses, streaming and not. `path` is what follows /v1. */
export async function openaiHandler(req: Request, path: string, service: SimService): Promise<Response> {
  if (req.method !== "POST") throw new SimRequestError(`${req.method} ${path} is not supported`, 405);
  if (path !== "/chat/completions" && path !== "/responses") throw new SimRequestError(`Unknown endpoint ${path}`, 404);
  const ctx = simContext(req, service);
  const body = await readJson(req, ctx);
  if (path === "/chat/completions") return chatCompletions(parseBody(ChatBody, body), ctx);
  return responses(parseBody(ResponsesBody, body), ctx);
}

/** A refusal in OpenAI's shape: `{error: {message, type, param, code}}`. */
export function openaiError(error: SimRequestError): Response {
  const { status } = error;
  const [type, code] =
    status === 429
      ? ["requests", "rate_limit_exceeded"]
      : status === 504
        ? ["server_error", "timeout"]
        : status >= 500
          ? ["server_error", "server_error"]
          : status === 404
            ? ["invalid_request_error", "unknown_url"]
            : status === 413
              ? ["invalid_request_error", "request_too_large"]
              : status === 415
                ? ["invalid_request_error", "unsupported_media_type"]
                : ["invalid_request_error", error.detail.param ? "invalid_value" : null];
  const param = error.detail.param?.replace(/\.(\d+)(?=\.|$)/g, "[$1]") ?? null;
  return jsonResponse(
    { error: { message: param ? `Invalid value for '${param}': ${error.message}` : error.message, type, param, code } },
    status,
  );
}

// --- Request bodies, as OpenAI validates them (unknown fields pass through) ---------------------

const Part = z.looseObject({ type: z.string(), text: z.string().optional() });
const Content = z.union([z.string(), z.array(Part)]);
const JsonSchema = z.record(z.string(), z.unknown());
const FunctionDef = z.looseObject({ name: z.string(), description: z.string().nullish(), parameters: JsonSchema.nullish() });
const ChatMessage = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool", "function"]),
  content: Content.nullish(),
  tool_calls: z
    .array(
      z.looseObject({ id: z.string(), type: z.string().optional(), function: z.looseObject({ name: z.string(), arguments: z.string() }) }),
    )
    .nullish(),
  tool_call_id: z.string().optional(),
});
const Format = z.looseObject({
  type: z.string(),
  schema: JsonSchema.optional(),
  json_schema: z.looseObject({ schema: JsonSchema.optional() }).optional(),
});
const ChatBody = z.looseObject({
  model: z.string(),
  messages: z.array(ChatMessage),
  tools: z.array(z.looseObject({ type: z.string(), function: FunctionDef.optional() })).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  response_format: Format.nullish(),
});
type ChatBody = z.infer<typeof ChatBody>;

const ITEM_TYPES = ["message", "function_call", "function_call_output"];
// Input items are only read, never echoed, so their other fields are dropped.
const InputItem = z.union([
  z.object({ type: z.literal("function_call"), call_id: z.string(), name: z.string(), arguments: z.string() }),
  z.object({ type: z.literal("function_call_output"), call_id: z.string(), output: Content }),
  z.object({ type: z.literal("message").optional(), role: z.enum(["system", "developer", "user", "assistant"]), content: Content }),
  // Items the model does not read (reasoning, built-in tools' calls) still have to name their type.
  z.object({ type: z.string().refine((t) => !ITEM_TYPES.includes(t), "an item of this type is missing required fields") }),
]);
const ResponsesBody = z.looseObject({
  model: z.string(),
  input: z.union([z.string(), z.array(InputItem)]),
  instructions: z.string().nullish(),
  tools: z
    .array(
      z.looseObject({ type: z.string(), name: z.string().optional(), description: z.string().nullish(), parameters: JsonSchema.nullish() }),
    )
    .nullish(),
  text: z.looseObject({ format: Format.optional() }).nullish(),
  stream: z.boolean().nullish(),
});
type ResponsesBody = z.infer<typeof ResponsesBody>;

// --- Chat Completions --------------------------------------------------------------------------

async function chatCompletions(body: ChatBody, ctx: SimContext): Promise<Response> {
  const model = body.model;
  const conv = chatConversation(body);
  await vendorFault(ctx);
  const turn = think(conv, ctx, "call_");
  const id = makeId("chatcmpl-", turn.seed);
  const created = unixSeconds();
  const finish = turn.calls.length ? "tool_calls" : "stop";
  const usage = {
    prompt_tokens: turn.usage.input,
    completion_tokens: turn.usage.output,
    total_tokens: turn.usage.input + turn.usage.output,
  };

  if (!body.stream) {
    await new Pace(ctx).turn(turn.usage.input, turn.generated);
    const toolCalls = turn.calls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.argsText } }));
    const message = {
      role: "assistant",
      content: turn.calls.length ? null : turn.text,
      refusal: null,
      ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
    };
    return jsonResponse({
      id,
      object: "chat.completion",
      created,
      model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: finish }],
      usage,
    });
  }

  const includeUsage = body.stream_options?.include_usage === true;
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
    data: {
      id,
      object: "chat.completion.chunk",
      created,
      model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    },
  });
  return sseResponse(async function* (signal): AsyncGenerator<SseEvent> {
    const pace = new Pace(ctx, signal);
    await pace.firstToken(turn.usage.input);
    yield chunk({ role: "assistant", content: turn.calls.length ? null : "" });
    for (const [index, call] of turn.calls.entries()) {
      yield chunk({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }] });
      for (const piece of chunks(call.argsText, 1)) {
        await pace.output(piece);
        yield chunk({ tool_calls: [{ index, function: { arguments: piece } }] });
      }
    }
    for (const piece of turn.calls.length ? [] : chunks(turn.text)) {
      await pace.output(piece);
      yield chunk({ content: piece });
    }
    yield chunk({}, finish);
    if (includeUsage) yield { data: { id, object: "chat.completion.chunk", created, model, choices: [], usage } };
    yield { data: "[DONE]" };
  }, ctx.signal);
}

function chatConversation(body: ChatBody): Conversation {
  const system: string[] = [];
  const messages: Turn[] = [];
  for (const m of body.messages) {
    const text = contentText(m.content);
    if (m.role === "system" || m.role === "developer") system.push(text);
    else if (m.role === "tool") messages.push({ role: "tool", callId: m.tool_call_id ?? "", content: text });
    else if (m.role === "assistant" && m.tool_calls?.length) {
      messages.push({
        role: "assistant",
        toolCalls: m.tool_calls.map((c) => ({ id: c.id, name: c.function.name, args: parseArgs(c.function.arguments) })),
      });
    } else if (m.role === "user" || m.role === "assistant") messages.push({ role: m.role, text });
  }
  const tools = (body.tools ?? []).flatMap((t) => (t.function ? [toolSpec(t.function)] : []));
  return { system: system.join("\n") || undefined, messages, tools, json: jsonFormat(body.response_format) };
}

// --- Responses ---------------------------------------------------------------------------------

type OutputItem = Record<string, unknown> & { id: string; type: "message" | "function_call" };

async function responses(body: ResponsesBody, ctx: SimContext): Promise<Response> {
  const conv = responsesConversation(body);
  await vendorFault(ctx);
  const turn = think(conv, ctx, "call_");
  const shell = {
    id: makeId("resp_", turn.seed),
    object: "response",
    created_at: unixSeconds(),
    model: body.model,
    instructions: body.instructions ?? null,
    tools: body.tools ?? [],
    tool_choice: body.tool_choice ?? "auto",
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    text: body.text ?? { format: { type: "text" } },
    metadata: body.metadata ?? {},
    error: null,
    incomplete_details: null,
  };
  const items = outputItems(turn);
  const completed = { ...shell, status: "completed", output: items, usage: responsesUsage(turn) };

  if (!body.stream) {
    await new Pace(ctx).turn(turn.usage.input, turn.generated);
    return jsonResponse(completed);
  }

  return sseResponse(async function* (signal): AsyncGenerator<SseEvent> {
    const pace = new Pace(ctx, signal);
    let sequence = 0;
    const event = (type: string, fields: Record<string, unknown>): SseEvent => ({
      event: type,
      data: { type, sequence_number: sequence++, ...fields },
    });
    const inProgress = { ...shell, status: "in_progress", output: [], usage: null };
    yield event("response.created", { response: inProgress });
    yield event("response.in_progress", { response: inProgress });
    await pace.firstToken(turn.usage.input);
    for (const [output_index, item] of items.entries()) {
      const at = { item_id: item.id, output_index };
      if (item.type === "function_call") {
        yield event("response.output_item.added", { output_index, item: { ...item, arguments: "", status: "in_progress" } });
        for (const delta of chunks(String(item.arguments), 1)) {
          await pace.output(delta);
          yield event("response.function_call_arguments.delta", { ...at, delta });
        }
        yield event("response.function_call_arguments.done", { ...at, arguments: item.arguments });
      } else {
        const part = { type: "output_text", text: "", annotations: [] };
        yield event("response.output_item.added", { output_index, item: { ...item, status: "in_progress", content: [] } });
        yield event("response.content_part.added", { ...at, content_index: 0, part });
        for (const delta of chunks(turn.text)) {
          await pace.output(delta);
          yield event("response.output_text.delta", { ...at, content_index: 0, delta, logprobs: [] });
        }
        yield event("response.output_text.done", { ...at, content_index: 0, text: turn.text, logprobs: [] });
        yield event("response.content_part.done", { ...at, content_index: 0, part: { ...part, text: turn.text } });
      }
      yield event("response.output_item.done", { output_index, item });
    }
    yield event("response.completed", { response: completed });
  }, ctx.signal);
}

function outputItems(turn: ModelTurn): OutputItem[] {
  if (turn.calls.length) {
    return turn.calls.map((c, i) => ({
      id: makeId("fc_", turn.seed, i),
      type: "function_call",
      status: "completed",
      call_id: c.id,
      name: c.name,
      arguments: c.argsText,
    }));
  }
  return [
    {
      id: makeId("msg_", turn.seed),
      type: "message",
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text: turn.text, annotations: [] }],
    },
  ];
}

function responsesUsage(turn: ModelTurn) {
  const { input, output } = turn.usage;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + output,
  };
}

function responsesConversation(body: ResponsesBody): Conversation {
  const system = body.instructions ? [body.instructions] : [];
  const messages: Turn[] = [];
  const input = typeof body.input === "string" ? [{ type: "message" as const, role: "user" as const, content: body.input }] : body.input;
  for (const item of input) {
    if ("arguments" in item) {
      const call = { id: item.call_id, name: item.name, args: parseArgs(item.arguments) };
      const last = messages.at(-1);
      // Parallel calls arrive as consecutive items; keep them in one assistant turn.
      if (last && "toolCalls" in last) last.toolCalls.push(call);
      else messages.push({ role: "assistant", toolCalls: [call] });
    } else if ("output" in item) messages.push({ role: "tool", callId: item.call_id, content: contentText(item.output) });
    else if ("role" in item && (item.role === "system" || item.role === "developer")) system.push(contentText(item.content));
    else if ("role" in item && (item.role === "user" || item.role === "assistant"))
      messages.push({ role: item.role, text: contentText(item.content) });
  }
  const tools = (body.tools ?? []).flatMap((t) => (t.type === "function" && t.name ? [toolSpec({ ...t, name: t.name })] : []));
  return { system: system.join("\n") || undefined, messages, tools, json: jsonFormat(body.text?.format) };
}

// --- Shared ------------------------------------------------------------------------------------

function contentText(content: z.infer<typeof Content> | null | undefined): string {
  if (typeof content === "string") return content;
  return (content ?? []).map((p) => p.text ?? "").join("");
}

function toolSpec(t: z.infer<typeof FunctionDef>): ToolSpec {
  return { name: t.name, description: t.description ?? undefined, parameters: t.parameters ?? undefined };
}

function parseArgs(text: unknown): Record<string, unknown> {
  if (typeof text !== "string") return {};
  try {
    const parsed = JSON.parse(text);
    return isRecord(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** response_format (chat) or text.format (responses): json_object, or json_schema whose properties are the keys. */
function jsonFormat(format: z.infer<typeof Format> | null | undefined): Conversation["json"] {
  if (!format) return undefined;
  if (format.type === "json_object") return {};
  if (format.type !== "json_schema") return undefined;
  const schema = format.json_schema ? format.json_schema.schema : format.schema;
  return { keys: isRecord(schema) && isRecord(schema.properties) ? Object.keys(schema.properties) : undefined };
}
