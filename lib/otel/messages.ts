/**
 * A model call's messages as the run recorded them (the kit's `{role, text, toolCalls}`, the Agents
 * SDK's input items, Bedrock's prompt) in the GenAI conventions' shape: `{role, parts}` with text,
 * tool_call and tool_call_response parts. Only read when message content is opted in.
 */
export type Part =
  | { type: "text"; content: string }
  | { type: "tool_call"; id: string; name: string; arguments: unknown }
  | { type: "tool_call_response"; id: string; response: unknown };
export type Message = { role: string; parts: Part[] };

type Item = Record<string, unknown>;

export function normalizeMessages(raw: unknown): { system: Part[]; messages: Message[] } {
  const system: Part[] = [];
  const messages: Message[] = [];
  for (const item of Array.isArray(raw) ? raw : []) {
    if (!item || typeof item !== "object") continue;
    const m = item as Item;
    if (m.role === "system") {
      system.push({ type: "text", content: textOf(m) });
    } else if (m.type === "function_call") {
      messages.push({
        role: "assistant",
        parts: [{ type: "tool_call", id: String(m.callId ?? m.id ?? ""), name: String(m.name ?? ""), arguments: parsed(m.arguments) }],
      });
    } else if (m.type === "function_call_result" || m.role === "tool") {
      messages.push({
        role: "tool",
        parts: [{ type: "tool_call_response", id: String(m.callId ?? ""), response: parsed(textOf({ content: m.output ?? m.content })) }],
      });
    } else {
      const parts: Part[] = [];
      const text = textOf(m);
      if (text) parts.push({ type: "text", content: text });
      for (const call of Array.isArray(m.toolCalls) ? (m.toolCalls as Item[]) : [])
        parts.push({ type: "tool_call", id: String(call.id), name: String(call.name), arguments: call.args });
      // Bedrock Agent's trace calls the member's words "prompt".
      messages.push({ role: m.role === "assistant" ? "assistant" : "user", parts });
    }
  }
  return { system, messages };
}

export function outputMessage(text: string | undefined, toolCalls: { id: string; name: string; args: unknown }[] | undefined): Message {
  const parts: Part[] = text ? [{ type: "text", content: text }] : [];
  for (const call of toolCalls ?? []) parts.push({ type: "tool_call", id: call.id, name: call.name, arguments: call.args });
  return { role: "assistant", parts };
}

/** OpenInference's flattened form: `llm.input_messages.{i}.message.role`, `.content`, `.tool_calls.{j}…`. */
export function flattenMessages(prefix: string, messages: Message[]): Record<string, string> {
  const flat: Record<string, string> = {};
  messages.forEach((message, i) => {
    const at = `${prefix}.${i}.message`;
    flat[`${at}.role`] = message.role;
    const text = message.parts
      .flatMap((p) => (p.type === "text" ? [p.content] : p.type === "tool_call_response" ? [json(p.response)] : []))
      .join("\n");
    if (text) flat[`${at}.content`] = text;
    const response = message.parts.find((p) => p.type === "tool_call_response");
    if (response) flat[`${at}.tool_call_id`] = response.id;
    message.parts
      .filter((p) => p.type === "tool_call")
      .forEach((call, j) => {
        flat[`${at}.tool_calls.${j}.tool_call.id`] = call.id;
        flat[`${at}.tool_calls.${j}.tool_call.function.name`] = call.name;
        flat[`${at}.tool_calls.${j}.tool_call.function.arguments`] = json(call.arguments);
      });
  });
  return flat;
}

export function json(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "");
}

function textOf(m: Item): string {
  if (typeof m.text === "string") return m.text;
  const content = m.content;
  if (typeof content === "string") return content;
  if (Array.isArray(content))
    return content
      .map((part) => (part && typeof part === "object" && typeof (part as Item).text === "string" ? (part as Item).text : ""))
      .join("");
  if (content && typeof content === "object" && typeof (content as Item).text === "string") return (content as Item).text as string;
  return "";
}

function parsed(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
