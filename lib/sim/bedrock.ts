import type { Conversation, ToolSpec, Turn } from "./brain";
import { awsError, eventStreamResponse, type AwsEvent } from "./aws";
import { isRecord } from "./evidence";
import { think, vendorFault } from "./model";
import { Pace, SimRequestError, chunks, jsonResponse, readJson, simContext } from "./wire";

/** Bedrock Runtime's Converse and ConverseStream. `path` is what follows the endpoint. */
export async function bedrockHandler(req: Request, path: string): Promise<Response> {
  try {
    const route = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(path);
    if (req.method !== "POST" || !route) throw new SimRequestError(`${req.method} ${path} is not supported`, 404);
    const ctx = simContext(req);
    const body = await readJson(req);
    const conv = conversation(body);
    const fault = await vendorFault(ctx);
    if (fault) return awsError(fault.status, fault.message);

    const turn = think(conv, ctx, "tooluse_");
    const content = turn.calls.length ? turn.calls.map((c) => ({ toolUse: { toolUseId: c.id, name: c.name, input: c.args } })) : [{ text: turn.text }];
    const stopReason = turn.calls.length ? "tool_use" : "end_turn";
    const usage = { inputTokens: turn.usage.input, outputTokens: turn.usage.output, totalTokens: turn.usage.input + turn.usage.output };
    const pace = new Pace(ctx);
    const metrics = { latencyMs: pace.turnMs(turn.usage.input, turn.generated) };

    if (route[2] === "converse") {
      await pace.turn(turn.usage.input, turn.generated);
      return jsonResponse({ output: { message: { role: "assistant", content } }, stopReason, usage, metrics });
    }
    return eventStreamResponse(async function* (signal): AsyncGenerator<AwsEvent> {
      const paced = new Pace(ctx, signal);
      await paced.firstToken(turn.usage.input);
      yield { type: "messageStart", body: { role: "assistant" } };
      for (const [contentBlockIndex, block] of content.entries()) {
        if ("toolUse" in block) {
          const { toolUseId, name, input } = block.toolUse;
          yield { type: "contentBlockStart", body: { contentBlockIndex, start: { toolUse: { toolUseId, name } } } };
          for (const piece of chunks(JSON.stringify(input), 1)) {
            await paced.output(piece);
            yield { type: "contentBlockDelta", body: { contentBlockIndex, delta: { toolUse: { input: piece } } } };
          }
        } else {
          for (const text of chunks(block.text)) {
            await paced.output(text);
            yield { type: "contentBlockDelta", body: { contentBlockIndex, delta: { text } } };
          }
        }
        yield { type: "contentBlockStop", body: { contentBlockIndex } };
      }
      yield { type: "messageStop", body: { stopReason } };
      yield { type: "metadata", body: { usage, metrics } };
    }, ctx.signal);
  } catch (error) {
    if (error instanceof SimRequestError) return awsError(error.status, error.message);
    throw error;
  }
}

function conversation(body: Record<string, unknown>): Conversation {
  if (!Array.isArray(body.messages)) throw new SimRequestError("1 validation error detected: Value null at 'messages' failed to satisfy constraint: Member must not be null");
  const messages: Turn[] = [];
  for (const m of body.messages as Record<string, unknown>[]) {
    const role = m.role === "assistant" ? "assistant" : "user";
    const blocks = Array.isArray(m.content) ? (m.content as Record<string, unknown>[]) : [];
    for (const b of blocks) {
      if (!isRecord(b.toolResult)) continue;
      const content = resultText(b.toolResult.content);
      messages.push({ role: "tool", callId: String(b.toolResult.toolUseId), content: b.toolResult.status === "error" ? `Error: ${content}` : content });
    }
    const text = blocks.flatMap((b) => (typeof b.text === "string" ? [b.text] : [])).join("\n");
    const toolCalls = blocks.flatMap((b) => (isRecord(b.toolUse) ? [{ id: String(b.toolUse.toolUseId), name: String(b.toolUse.name), args: isRecord(b.toolUse.input) ? b.toolUse.input : {} }] : []));
    if (text) messages.push({ role, text });
    if (toolCalls.length) messages.push({ role: "assistant", toolCalls });
  }
  const system = Array.isArray(body.system) ? body.system.flatMap((s: Record<string, unknown>) => (typeof s.text === "string" ? [s.text] : [])).join("\n") : "";
  const specs = isRecord(body.toolConfig) && Array.isArray(body.toolConfig.tools) ? (body.toolConfig.tools as Record<string, unknown>[]) : [];
  const tools: ToolSpec[] = specs.flatMap((t) =>
    isRecord(t.toolSpec) ? [{ name: String(t.toolSpec.name), description: t.toolSpec.description as string | undefined, parameters: isRecord(t.toolSpec.inputSchema) && isRecord(t.toolSpec.inputSchema.json) ? t.toolSpec.inputSchema.json : undefined }] : [],
  );
  return { system: system || undefined, messages, tools };
}

function resultText(content: unknown): string {
  if (!Array.isArray(content)) return "";
  return content.map((c: Record<string, unknown>) => (typeof c.text === "string" ? c.text : JSON.stringify(c.json ?? c))).join("\n");
}
