/** Anthropic Messages, streamed: tool calls and results as content blocks, its stream events back as text, tool calls and usage. */
import type Anthropic from "@anthropic-ai/sdk";
import { StreamedReply, type VendorCaller } from "./adapter";

export const callAnthropic: VendorCaller = async (ctx, model, req, io) => {
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
  const reply = new StreamedReply(io);
  for await (const event of stream) {
    if (event.type === "message_start") reply.usage.inputTokens = event.message.usage.input_tokens;
    else if (event.type === "message_delta") reply.usage.outputTokens = event.usage.output_tokens;
    else if (event.type === "content_block_start" && event.content_block.type === "tool_use")
      reply.callAt(event.index, event.content_block.id).name = event.content_block.name;
    else if (event.type === "content_block_delta" && event.delta.type === "text_delta") reply.say(event.delta.text);
    else if (event.type === "content_block_delta" && event.delta.type === "input_json_delta")
      reply.callAt(event.index).args += event.delta.partial_json;
  }
  return reply.result();
};
