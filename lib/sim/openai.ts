import type { Conversation, ToolSpec, Turn } from "./brain";
import { isRecord } from "./evidence";
import { think, vendorFault, type ModelTurn } from "./model";
import { Pace, SimRequestError, chunks, jsonResponse, makeId, readJson, simContext, sseResponse, unixSeconds, type SimContext, type SseEvent } from "./wire";

/** OpenAI's wire protocol: Chat Completions and Responses, streaming and not. `path` is what follows /v1. */
export async function openaiHandler(req: Request, path: string): Promise<Response> {
  try {
    if (req.method !== "POST") throw new SimRequestError(`${req.method} ${path} is not supported`, 405);
    const ctx = simContext(req);
    const body = await readJson(req);
    if (path === "/chat/completions") return await chatCompletions(body, ctx);
    if (path === "/responses") return await responses(body, ctx);
    throw new SimRequestError(`Unknown endpoint ${path}`, 404);
  } catch (error) {
    if (error instanceof SimRequestError) return openaiError(error.status, error.message);
    throw error;
  }
}

function openaiError(status: number, message: string): Response {
  const [type, code] =
    status === 429 ? ["requests", "rate_limit_exceeded"] : status === 504 ? ["server_error", "timeout"] : status >= 500 ? ["server_error", "server_error"] : status === 404 ? ["invalid_request_error", "unknown_url"] : ["invalid_request_error", null];
  return jsonResponse({ error: { message, type, param: null, code } }, status);
}

async function faultResponse(ctx: SimContext): Promise<Response | null> {
  const fault = await vendorFault(ctx);
  return fault && openaiError(fault.status, fault.message);
}

// --- Chat Completions --------------------------------------------------------------------------

async function chatCompletions(body: Record<string, unknown>, ctx: SimContext): Promise<Response> {
  const model = String(body.model ?? "sim");
  const conv = chatConversation(body);
  const fault = await faultResponse(ctx);
  if (fault) return fault;
  const turn = think(conv, ctx, "call_");
  const id = makeId("chatcmpl-", turn.seed);
  const created = unixSeconds();
  const finish = turn.calls.length ? "tool_calls" : "stop";
  const usage = { prompt_tokens: turn.usage.input, completion_tokens: turn.usage.output, total_tokens: turn.usage.input + turn.usage.output };

  if (!body.stream) {
    await new Pace(ctx).turn(turn.usage.input, turn.generated);
    const toolCalls = turn.calls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.argsText } }));
    const message = { role: "assistant", content: turn.calls.length ? null : turn.text, refusal: null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) };
    return jsonResponse({ id, object: "chat.completion", created, model, choices: [{ index: 0, message, logprobs: null, finish_reason: finish }], usage });
  }

  const includeUsage = isRecord(body.stream_options) && body.stream_options.include_usage === true;
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({ data: { id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] } });
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

function chatConversation(body: Record<string, unknown>): Conversation {
  if (!Array.isArray(body.messages)) throw new SimRequestError("messages must be an array");
  const system: string[] = [];
  const messages: Turn[] = [];
  for (const m of body.messages as Record<string, unknown>[]) {
    const text = contentText(m.content);
    if (m.role === "system" || m.role === "developer") system.push(text);
    else if (m.role === "tool") messages.push({ role: "tool", callId: String(m.tool_call_id), content: text });
    else if (m.role === "assistant" && Array.isArray(m.tool_calls) && m.tool_calls.length) {
      messages.push({ role: "assistant", toolCalls: m.tool_calls.map((c: Record<string, Record<string, unknown>>) => ({ id: String(c.id), name: String(c.function?.name), args: parseArgs(c.function?.arguments) })) });
    } else if (m.role === "user" || m.role === "assistant") messages.push({ role: m.role, text });
  }
  const tools = Array.isArray(body.tools) ? body.tools.flatMap((t: Record<string, unknown>) => (isRecord(t.function) ? [toolSpec(t.function)] : [])) : [];
  return { system: system.join("\n") || undefined, messages, tools, json: jsonFormat(body.response_format) };
}

// --- Responses ---------------------------------------------------------------------------------

type OutputItem = Record<string, unknown> & { id: string; type: "message" | "function_call" };

async function responses(body: Record<string, unknown>, ctx: SimContext): Promise<Response> {
  const conv = responsesConversation(body);
  const fault = await faultResponse(ctx);
  if (fault) return fault;
  const turn = think(conv, ctx, "call_");
  const shell = {
    id: makeId("resp_", turn.seed),
    object: "response",
    created_at: unixSeconds(),
    model: String(body.model ?? "sim"),
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
    const event = (type: string, fields: Record<string, unknown>): SseEvent => ({ event: type, data: { type, sequence_number: sequence++, ...fields } });
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
    return turn.calls.map((c, i) => ({ id: makeId("fc_", turn.seed, i), type: "function_call", status: "completed", call_id: c.id, name: c.name, arguments: c.argsText }));
  }
  return [{ id: makeId("msg_", turn.seed), type: "message", role: "assistant", status: "completed", content: [{ type: "output_text", text: turn.text, annotations: [] }] }];
}

function responsesUsage(turn: ModelTurn) {
  const { input, output } = turn.usage;
  return { input_tokens: input, input_tokens_details: { cached_tokens: 0 }, output_tokens: output, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: input + output };
}

function responsesConversation(body: Record<string, unknown>): Conversation {
  const system = typeof body.instructions === "string" ? [body.instructions] : [];
  const messages: Turn[] = [];
  const input = typeof body.input === "string" ? [{ role: "user", content: body.input }] : Array.isArray(body.input) ? (body.input as Record<string, unknown>[]) : null;
  if (!input) throw new SimRequestError("input must be a string or an array of items");
  for (const item of input) {
    const type = item.type ?? "message";
    if (type === "function_call") {
      const call = { id: String(item.call_id), name: String(item.name), args: parseArgs(item.arguments) };
      const last = messages.at(-1);
      // Parallel calls arrive as consecutive items; keep them in one assistant turn.
      if (last && "toolCalls" in last) last.toolCalls.push(call);
      else messages.push({ role: "assistant", toolCalls: [call] });
    } else if (type === "function_call_output") messages.push({ role: "tool", callId: String(item.call_id), content: contentText(item.output) });
    else if (type === "message" && (item.role === "system" || item.role === "developer")) system.push(contentText(item.content));
    else if (type === "message" && (item.role === "user" || item.role === "assistant")) messages.push({ role: item.role, text: contentText(item.content) });
  }
  const tools = Array.isArray(body.tools) ? body.tools.filter((t: Record<string, unknown>) => t.type === "function").map(toolSpec) : [];
  return { system: system.join("\n") || undefined, messages, tools, json: jsonFormat(isRecord(body.text) ? body.text.format : undefined) };
}

// --- Shared ------------------------------------------------------------------------------------

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return content == null ? "" : JSON.stringify(content);
  return content.map((p: Record<string, unknown>) => (typeof p.text === "string" ? p.text : "")).join("");
}

function toolSpec(t: Record<string, unknown>): ToolSpec {
  return { name: String(t.name), description: typeof t.description === "string" ? t.description : undefined, parameters: isRecord(t.parameters) ? t.parameters : undefined };
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
function jsonFormat(format: unknown): Conversation["json"] {
  if (!isRecord(format)) return undefined;
  if (format.type === "json_object") return {};
  if (format.type !== "json_schema") return undefined;
  const schema = isRecord(format.json_schema) ? format.json_schema.schema : format.schema;
  return { keys: isRecord(schema) && isRecord(schema.properties) ? Object.keys(schema.properties) : undefined };
}
