import { z } from "zod";
import type { Conversation, ToolSpec, Turn } from "./brain";
import { think, vendorFault } from "./model";
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
  type SimService,
  type SseEvent,
} from "./wire";

/** Anthropic's Messages API, streaming and not. `path` is what follows the base URL. */
export async function anthropicHandler(req: Request, path: string, service: SimService): Promise<Response> {
  if (req.method !== "POST" || path !== "/v1/messages") throw new SimRequestError(`${req.method} ${path} is not supported`, 404);
  const ctx = simContext(req, service);
  const body = parseBody(MessagesBody, await readJson(req, ctx));
  const conv = conversation(body);
  await vendorFault(ctx);
  const turn = think(conv, ctx, "toolu_");
  const content = turn.calls.length
    ? turn.calls.map((c) => ({ type: "tool_use", id: c.id, name: c.name, input: c.args }))
    : [{ type: "text", text: turn.text }];
  const message = {
    id: makeId("msg_", turn.seed),
    type: "message",
    role: "assistant",
    model: body.model,
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
  return sseResponse(
    async function* (signal): AsyncGenerator<SseEvent> {
      const pace = new Pace(ctx, signal);
      await pace.firstToken(turn.usage.input);
      yield event("message_start", {
        message: { ...message, content: [], stop_reason: null, usage: { input_tokens: turn.usage.input, output_tokens: 1 } },
      });
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
      yield event("message_delta", {
        delta: { stop_reason: message.stop_reason, stop_sequence: null },
        usage: { output_tokens: turn.usage.output },
      });
      yield event("message_stop");
    },
    ctx.signal,
    requestId,
  );
}

/** A refusal in Anthropic's shape: `{type: "error", error: {type, message}}`. */
export function anthropicError(error: SimRequestError): Response {
  const { status } = error;
  const type =
    status === 429
      ? "rate_limit_error"
      : status === 504
        ? "timeout_error"
        : status >= 500
          ? "api_error"
          : status === 404
            ? "not_found_error"
            : status === 413
              ? "request_too_large"
              : status === 403
                ? "permission_error"
                : "invalid_request_error";
  return jsonResponse(
    { type: "error", error: { type, message: error.detail.param ? `${error.detail.param}: ${error.message}` : error.message } },
    status,
  );
}

// --- Request bodies, as Anthropic validates them (unknown fields pass through) ------------------

const TextPart = z.looseObject({ type: z.string(), text: z.string().optional() });
// Blocks are only read, never echoed, so their other fields are dropped.
const BLOCK_TYPES = ["text", "tool_use", "tool_result"];
const Block = z.union([
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({ type: z.literal("tool_use"), id: z.string(), name: z.string(), input: z.record(z.string(), z.unknown()) }),
  z.object({
    type: z.literal("tool_result"),
    tool_use_id: z.string(),
    content: z.union([z.string(), z.array(TextPart)]).optional(),
    is_error: z.boolean().optional(),
  }),
  // Blocks the model does not read (images, documents, thinking) still have to name their type.
  z.object({ type: z.string().refine((t) => !BLOCK_TYPES.includes(t), "a block of this type is missing required fields") }),
]);
const MessagesBody = z.looseObject({
  model: z.string(),
  max_tokens: z.number().int().positive(),
  messages: z.array(z.object({ role: z.enum(["user", "assistant"]), content: z.union([z.string(), z.array(Block)]) })),
  system: z.union([z.string(), z.array(TextPart)]).optional(),
  tools: z
    .array(
      z.looseObject({ name: z.string(), description: z.string().optional(), input_schema: z.record(z.string(), z.unknown()).optional() }),
    )
    .optional(),
  stream: z.boolean().optional(),
});
type MessagesBody = z.infer<typeof MessagesBody>;

function conversation(body: MessagesBody): Conversation {
  const messages: Turn[] = [];
  for (const m of body.messages) {
    const blocks = typeof m.content === "string" ? [{ type: "text" as const, text: m.content }] : m.content;
    const text = blocks.flatMap((b) => ("text" in b ? [b.text] : [])).join("\n");
    const toolCalls = blocks.flatMap((b) => ("input" in b ? [{ id: b.id, name: b.name, args: b.input }] : []));
    for (const b of blocks) if ("tool_use_id" in b) messages.push({ role: "tool", callId: b.tool_use_id, content: blockText(b.content) });
    if (text) messages.push({ role: m.role, text });
    if (toolCalls.length) messages.push({ role: "assistant", toolCalls });
  }
  // Server tools (web search and the like) have no input schema; the model only uses client tools.
  const tools: ToolSpec[] = (body.tools ?? []).flatMap((t) =>
    t.input_schema ? [{ name: t.name, description: t.description, parameters: t.input_schema }] : [],
  );
  return { system: blockText(body.system) || undefined, messages, tools };
}

function blockText(content: string | z.infer<typeof TextPart>[] | undefined): string {
  if (typeof content === "string") return content;
  return (content ?? []).map((b) => (b.type === "text" ? (b.text ?? "") : JSON.stringify(b))).join("\n");
}
