import type { Conversation, ToolSpec, Turn } from "./brain";
import { isRecord } from "./evidence";
import { think, vendorFault } from "./model";
import { Pace, SimRequestError, chunks, jsonResponse, makeId, readJson, simContext, sseResponse, type SseEvent } from "./wire";

/** Anthropic's Messages API, streaming and not. `path` is what follows the base URL. */
export async function anthropicHandler(req: Request, path: string): Promise<Response> {
  try {
    if (req.method !== "POST" || path !== "/v1/messages") throw new SimRequestError(`${req.method} ${path} is not supported`, 404);
    const ctx = simContext(req);
    const body = await readJson(req);
    const conv = conversation(body);
    const fault = await vendorFault(ctx);
    if (fault) return anthropicError(fault.status, fault.message);

    const turn = think(conv, ctx, "toolu_");
    const content = turn.calls.length ? turn.calls.map((c) => ({ type: "tool_use", id: c.id, name: c.name, input: c.args })) : [{ type: "text", text: turn.text }];
    const message = {
      id: makeId("msg_", turn.seed),
      type: "message",
      role: "assistant",
      model: String(body.model ?? "sim"),
      content,
      stop_reason: turn.calls.length ? "tool_use" : "end_turn",
      stop_sequence: null,
      usage: { input_tokens: turn.usage.input, output_tokens: turn.usage.output },
    };
    const requestId = { "request-id": makeId("req_", turn.seed) };

    if (!body.stream) {
      await new Pace(ctx).turn(turn.usage.input, turn.generated);
      return jsonResponse(message, 200, requestId);
    }
    const event = (type: string, fields: Record<string, unknown> = {}): SseEvent => ({ event: type, data: { type, ...fields } });
    return sseResponse(async function* (signal): AsyncGenerator<SseEvent> {
      const pace = new Pace(ctx, signal);
      await pace.firstToken(turn.usage.input);
      yield event("message_start", { message: { ...message, content: [], stop_reason: null, usage: { input_tokens: turn.usage.input, output_tokens: 1 } } });
      for (const [index, block] of content.entries()) {
        if ("input" in block) {
          yield event("content_block_start", { index, content_block: { ...block, input: {} } });
          for (const partial_json of chunks(JSON.stringify(block.input), 1)) {
            await pace.output(partial_json);
            yield event("content_block_delta", { index, delta: { type: "input_json_delta", partial_json } });
          }
        } else {
          yield event("content_block_start", { index, content_block: { type: "text", text: "" } });
          for (const text of chunks(turn.text)) {
            await pace.output(text);
            yield event("content_block_delta", { index, delta: { type: "text_delta", text } });
          }
        }
        yield event("content_block_stop", { index });
      }
      yield event("message_delta", { delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: { output_tokens: turn.usage.output } });
      yield event("message_stop");
    }, ctx.signal, requestId);
  } catch (error) {
    if (error instanceof SimRequestError) return anthropicError(error.status, error.message);
    throw error;
  }
}

function anthropicError(status: number, message: string): Response {
  const type = status === 429 ? "rate_limit_error" : status === 504 ? "timeout_error" : status >= 500 ? "api_error" : status === 404 ? "not_found_error" : "invalid_request_error";
  return jsonResponse({ type: "error", error: { type, message } }, status);
}

function conversation(body: Record<string, unknown>): Conversation {
  if (!Array.isArray(body.messages)) throw new SimRequestError("messages: Field required");
  const messages: Turn[] = [];
  for (const m of body.messages as Record<string, unknown>[]) {
    const role = m.role === "assistant" ? "assistant" : "user";
    const blocks: Record<string, unknown>[] = typeof m.content === "string" ? [{ type: "text", text: m.content }] : Array.isArray(m.content) ? m.content : [];
    const text = blocks.filter((b) => b.type === "text").map((b) => String(b.text)).join("\n");
    const toolCalls = blocks.filter((b) => b.type === "tool_use").map((b) => ({ id: String(b.id), name: String(b.name), args: isRecord(b.input) ? b.input : {} }));
    for (const b of blocks.filter((b) => b.type === "tool_result")) messages.push({ role: "tool", callId: String(b.tool_use_id), content: blockText(b.content) });
    if (text) messages.push({ role, text });
    if (toolCalls.length) messages.push({ role: "assistant", toolCalls });
  }
  const tools: ToolSpec[] = Array.isArray(body.tools)
    ? body.tools.filter((t: Record<string, unknown>) => typeof t.name === "string" && isRecord(t.input_schema)).map((t: Record<string, unknown>) => ({ name: String(t.name), description: t.description as string | undefined, parameters: t.input_schema as Record<string, unknown> }))
    : [];
  return { system: blockText(body.system) || undefined, messages, tools };
}

function blockText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((b: Record<string, unknown>) => (b.type === "text" ? String(b.text) : JSON.stringify(b))).join("\n");
}
