import { z } from "zod";
import type { Conversation, ToolSpec, Turn } from "./brain";
import { awsCaller, eventStreamResponse, type AwsEvent } from "./aws";
import { isRecord } from "./evidence";
import { think, vendorFault } from "./model";
import { Pace, SimRequestError, chunks, jsonResponse, parseBody, readJson, simContext, type SimService } from "./wire";

/** Bedrock Runtime's Converse and ConverseStream. `path` is what follows the endpoint. */
export async function bedrockHandler(req: Request, path: string, service: SimService): Promise<Response> {
  const route = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(path);
  if (req.method !== "POST" || !route) throw new SimRequestError(`${req.method} ${path} is not supported`, 404);
  awsCaller(req);
  const ctx = simContext(req, service);
  const conv = conversation(parseBody(ConverseBody, await readJson(req, ctx)));
  await vendorFault(ctx);
  const turn = think(conv, ctx, "tooluse_");
  const content = turn.calls.length
    ? turn.calls.map((c) => ({ toolUse: { toolUseId: c.id, name: c.name, input: c.args } }))
    : [{ text: turn.text }];
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
}

// --- Request bodies, as Bedrock validates them (unknown fields pass through) --------------------

// Blocks are only read, never echoed; a block holds one kind of content (text, toolUse, toolResult, image…).
const Block = z.object({
  text: z.string().optional(),
  toolUse: z.object({ toolUseId: z.string(), name: z.string(), input: z.unknown() }).optional(),
  toolResult: z
    .object({
      toolUseId: z.string(),
      content: z.array(z.looseObject({ text: z.string().optional(), json: z.unknown().optional() })),
      status: z.enum(["success", "error"]).optional(),
    })
    .optional(),
});
const ConverseBody = z.looseObject({
  messages: z.array(z.object({ role: z.enum(["user", "assistant"]), content: z.array(Block) })),
  system: z.array(z.looseObject({ text: z.string().optional() })).optional(),
  toolConfig: z
    .looseObject({
      tools: z.array(
        z.looseObject({
          toolSpec: z
            .object({ name: z.string(), description: z.string().optional(), inputSchema: z.object({ json: z.unknown() }) })
            .optional(),
        }),
      ),
    })
    .optional(),
});
type ConverseBody = z.infer<typeof ConverseBody>;

function conversation(body: ConverseBody): Conversation {
  const messages: Turn[] = [];
  for (const m of body.messages) {
    for (const b of m.content) {
      if (!b.toolResult) continue;
      const content = resultText(b.toolResult.content);
      messages.push({
        role: "tool",
        callId: b.toolResult.toolUseId,
        content: b.toolResult.status === "error" ? `Error: ${content}` : content,
      });
    }
    const text = m.content.flatMap((b) => (b.text !== undefined ? [b.text] : [])).join("\n");
    const toolCalls = m.content.flatMap((b) =>
      b.toolUse ? [{ id: b.toolUse.toolUseId, name: b.toolUse.name, args: isRecord(b.toolUse.input) ? b.toolUse.input : {} }] : [],
    );
    if (text) messages.push({ role: m.role, text });
    if (toolCalls.length) messages.push({ role: "assistant", toolCalls });
  }
  const system = (body.system ?? []).flatMap((s) => (s.text !== undefined ? [s.text] : [])).join("\n");
  const tools: ToolSpec[] = (body.toolConfig?.tools ?? []).flatMap((t) =>
    t.toolSpec
      ? [
          {
            name: t.toolSpec.name,
            description: t.toolSpec.description,
            parameters: isRecord(t.toolSpec.inputSchema.json) ? t.toolSpec.inputSchema.json : undefined,
          },
        ]
      : [],
  );
  return { system: system || undefined, messages, tools };
}

function resultText(content: { text?: string; json?: unknown }[]): string {
  return content.map((c) => (c.text !== undefined ? c.text : JSON.stringify(c.json ?? c))).join("\n");
}
