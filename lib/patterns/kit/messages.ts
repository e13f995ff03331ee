import { protocol, type AgentInputItem } from "@openai/agents";
import { z } from "zod";

/**
 * Conversations as patterns keep them between turns. They are stored in the database, so each is a
 * schema, parsed when a session is loaded: a shape that changed (an SDK upgrade, an older release)
 * starts a fresh conversation instead of failing mid-run.
 */
export const ToolCall = z.object({ id: z.string(), name: z.string(), args: z.unknown() });
export type ToolCall = z.infer<typeof ToolCall>;

/** A vendor-neutral message, as the kit's chat() sends it to any vendor. */
export const ChatMessage = z.discriminatedUnion("role", [
  z.object({ role: z.literal("user"), text: z.string() }),
  z.object({ role: z.literal("assistant"), text: z.string(), toolCalls: z.array(ToolCall).optional() }),
  z.object({ role: z.literal("tool"), callId: z.string(), name: z.string(), content: z.string() }),
]);
export type ChatMessage = z.infer<typeof ChatMessage>;

/** An Agents SDK conversation: the SDK's own items, checked by the SDK's own schema. */
export const AgentConversation = z.object({ history: z.array(protocol.ModelItem) });
/** Typed as the SDK types its own history (the schema's items are assignable to it). */
export type AgentConversation = { history: AgentInputItem[] };
