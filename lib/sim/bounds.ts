import type { Conversation, Turn } from "./brain";

/**
 * How much of a conversation the simulated model reads. A real model has a context window; ours
 * has these, so its work stays small and grows at most linearly with what it is sent, whatever the
 * request holds. Ordinary conversations (a member's messages are at most 4,000 characters, a day of
 * free slots is about 6,000) fit well inside them.
 */
export const READ_LIMITS = {
  /** The newest messages the model reads; older turns fall out of its window. */
  messages: 40,
  /** Characters read of one message, system prompt or tool result. */
  charsPerMessage: 16_000,
  /** Characters read across all messages, newest first. */
  totalChars: 64_000,
  toolCallsPerTurn: 16,
  tools: 64,
  /** A tool's description and JSON schema beyond these sizes are not read. */
  toolDescriptionChars: 2_000,
  toolSchemaChars: 16_000,
  jsonKeys: 64,
} as const;

function clip(text: string, max: number = READ_LIMITS.charsPerMessage): string {
  return text.length > max ? text.slice(0, max) : text;
}

/** The part of a conversation the model reads: the newest turns within the limits, each clipped. */
export function boundConversation(conv: Conversation): Conversation {
  const tools = conv.tools.slice(0, READ_LIMITS.tools).map((t) => ({
    name: clip(t.name, 200),
    description: t.description === undefined ? undefined : clip(t.description, READ_LIMITS.toolDescriptionChars),
    parameters: t.parameters && JSON.stringify(t.parameters).length <= READ_LIMITS.toolSchemaChars ? t.parameters : undefined,
  }));
  const json = conv.json && { keys: conv.json.keys?.slice(0, READ_LIMITS.jsonKeys).map((k) => clip(k, 100)) };
  return {
    system: conv.system === undefined ? undefined : clip(conv.system),
    messages: recentTurns(conv.messages),
    tools,
    ...(json ? { json } : {}),
  };
}

/** The newest turns that fit the limits (always at least the last one), each clipped. */
export function recentTurns(messages: Turn[]): Turn[] {
  const kept: Turn[] = [];
  let chars = 0;
  for (let i = messages.length - 1; i >= 0 && kept.length < READ_LIMITS.messages; i--) {
    const turn = clipTurn(messages[i]);
    chars += size(turn);
    if (kept.length && chars > READ_LIMITS.totalChars) break;
    kept.push(turn);
  }
  return kept.reverse();
}

function clipTurn(turn: Turn): Turn {
  if ("toolCalls" in turn) {
    const toolCalls = turn.toolCalls.slice(0, READ_LIMITS.toolCallsPerTurn).map((c) => ({
      id: clip(c.id, 200),
      name: clip(c.name, 200),
      args: JSON.stringify(c.args).length <= READ_LIMITS.charsPerMessage ? c.args : {},
    }));
    return { role: "assistant", toolCalls };
  }
  if (turn.role === "tool") return { ...turn, callId: clip(turn.callId, 200), content: clip(turn.content) };
  return { role: turn.role, text: clip(turn.text) };
}

function size(turn: Turn): number {
  if ("toolCalls" in turn) return turn.toolCalls.reduce((n, c) => n + c.name.length + JSON.stringify(c.args).length, 0);
  return turn.role === "tool" ? turn.content.length : turn.text.length;
}
