/**
 * What chat() and a vendor adapter (openai.ts, anthropic.ts, bedrock.ts) exchange: a request and
 * its result, the adapter's contract, and the reply a vendor's stream builds up. The conversation's
 * own types (ChatMessage, ToolCall) are in ../messages.ts, as schemas for stored sessions.
 */
import type { Usage, Vendor } from "@/lib/trace/events";
import type { RunContext } from "../context";
import { withinTurnCap } from "../tools";
import type { ChatMessage, ToolCall } from "../messages";

type ToolDef = { name: string; description: string; parameters: Record<string, unknown> };

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
type Streamed = { onText(delta: string): void; signal: AbortSignal };

/**
 * A reply as a vendor's stream builds it up: text passed on as it arrives, tool calls by the index
 * of their block (their arguments come in pieces), and the usage the stream reports.
 */
export class StreamedReply {
  text = "";
  // By block index, which is the stream's word: in a Map, so a huge one costs nothing.
  private readonly calls = new Map<number, { id: string; name: string; args: string }>();
  readonly usage: Usage = { inputTokens: 0, outputTokens: 0 };

  constructor(private readonly io: Streamed) {}

  say(delta: string): void {
    this.text += delta;
    this.io.onText(delta);
  }

  /** The tool call of a block, started when the block is new. */
  callAt(index: number, id = ""): { id: string; name: string; args: string } {
    let call = this.calls.get(index);
    if (!call) this.calls.set(index, (call = { id, name: "", args: "" }));
    return call;
  }

  result(): ChatResult {
    const calls = [...this.calls].sort(([a], [b]) => a - b).map(([, call]) => call);
    return {
      text: this.text,
      // A turn asking for more calls than run is cut here, so neither the trace nor the conversation carries the rest.
      toolCalls: withinTurnCap(calls).map((c) => ({ id: c.id, name: c.name, args: parseArgs(c.args) })),
      usage: this.usage,
    };
  }
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
