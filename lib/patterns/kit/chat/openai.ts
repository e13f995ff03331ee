/** OpenAI Chat Completions, streamed: our conversation in its message format, its chunks back as text, tool calls and usage. */
import type OpenAI from "openai";
import { StreamedReply, type VendorCaller } from "./adapter";

export const callOpenAI: VendorCaller = async (ctx, model, req, io) => {
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
  const reply = new StreamedReply(io);
  for await (const chunk of stream) {
    if (chunk.usage) Object.assign(reply.usage, { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens });
    const delta = chunk.choices[0]?.delta;
    if (delta?.content) reply.say(delta.content);
    for (const tc of delta?.tool_calls ?? []) {
      const call = reply.callAt(tc.index, tc.id ?? "");
      if (tc.function?.name) call.name += tc.function.name;
      if (tc.function?.arguments) call.args += tc.function.arguments;
    }
  }
  return reply.result();
};
