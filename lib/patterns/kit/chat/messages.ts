/**
 * The vendor-neutral side of a model call: the conversation as the patterns keep it, a request and
 * its result, and the contract of a vendor adapter (openai.ts, anthropic.ts, bedrock.ts), which
 * translates a request into its wire format and streams the answer back as ours.
 */
import type { Usage, Vendor } from "@/lib/trace/events";
import type { RunContext } from "../context";

export type ToolCall = { id: string; name: string; args: unknown };
export type ChatMessage =
  | { role: "user"; text: string }
  | { role: "assistant"; text: string; toolCalls?: ToolCall[] }
  | { role: "tool"; callId: string; name: string; content: string };
export type ToolDef = { name: string; description: string; parameters: Record<string, unknown> };

export type ChatRequest = {
  /** The model's node and vendor: by default the step the call is made in, and that step's vendor. */
  node?: string;
  vendor?: Vendor;
  system: string;
  messages: ChatMessage[];
  tools?: ToolDef[];
  json?: boolean;
  /** Stream the text to the user as the run's reply. */
  reply?: boolean;
};
export type ChatResult = { text: string; toolCalls: ToolCall[]; usage: Usage };

/** One streamed call to a vendor: text goes to `io.onText` as it arrives; `io.signal` ends the attempt. */
export type VendorCaller = (ctx: RunContext, model: string, req: ChatRequest, io: Streamed) => Promise<ChatResult>;
export type Streamed = { onText(delta: string): void; signal: AbortSignal };

/**
 * A reply as a vendor's stream builds it up: text passed on as it arrives, tool calls by the index
 * of their block (their arguments come in pieces), and the usage the stream reports.
 */
export class StreamedReply {
  text = "";
  readonly calls: { id: string; name: string; args: string }[] = [];
  readonly usage: Usage = { inputTokens: 0, outputTokens: 0 };

  constructor(private readonly io: Streamed) {}

  say(delta: string): void {
    this.text += delta;
    this.io.onText(delta);
  }

  result(): ChatResult {
    return {
      text: this.text,
      toolCalls: this.calls.filter(Boolean).map((c) => ({ id: c.id, name: c.name, args: parseArgs(c.args) })),
      usage: this.usage,
    };
  }
}

/** The last `max` messages, starting at a user turn so no tool result loses its call. */
export function trimHistory(messages: ChatMessage[], max: number): ChatMessage[] {
  const tail = messages.slice(-max);
  const firstUser = tail.findIndex((m) => m.role === "user");
  return firstUser < 0 ? [] : tail.slice(firstUser);
}

/** Arguments as the model sent them; unparseable JSON is kept as text so validation can name it. */
export function parseArgs(raw: string): unknown {
  if (!raw) return {};
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
