/** AWS Bedrock Converse, streamed: tool calls and results as content blocks, its stream events back as text, tool calls and usage. */
import { ConverseStreamCommand, type ContentBlock, type Message as BedrockMessage } from "@aws-sdk/client-bedrock-runtime";
import { StreamedReply, type VendorCaller } from "./adapter";

export const callBedrock: VendorCaller = async (ctx, model, req, io) => {
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
  const reply = new StreamedReply(io);
  for await (const event of res.stream ?? []) {
    const start = event.contentBlockStart;
    if (start?.start?.toolUse)
      reply.callAt(start.contentBlockIndex ?? 0, start.start.toolUse.toolUseId ?? "").name = start.start.toolUse.name ?? "";
    const delta = event.contentBlockDelta;
    if (delta?.delta?.text) reply.say(delta.delta.text);
    if (delta?.delta?.toolUse?.input) reply.callAt(delta.contentBlockIndex ?? 0).args += delta.delta.toolUse.input;
    if (event.metadata?.usage)
      Object.assign(reply.usage, {
        inputTokens: event.metadata.usage.inputTokens ?? 0,
        outputTokens: event.metadata.usage.outputTokens ?? 0,
      });
  }
  return reply.result();
};
