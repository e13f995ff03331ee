import { z } from "zod";
import { isClockTime, isIsoDate, normalizeTime } from "@/lib/domain/clock";
import { AppError } from "@/lib/errors";
import type { Vendor } from "@/lib/trace/events";
import { chat, type ChatMessage } from "./chat";
import type { RunContext } from "./context";
import { extractionPrompt } from "./prompts";

/** A booking request as the parse step understood it; anything the model got wrong becomes null. */
export const Extraction = z.object({
  intent: z.enum(["book", "check", "mine", "cancel", "other"]).catch("other"),
  date: z.string().nullable().catch(null).transform((d) => (d && isIsoDate(d) ? d : null)),
  time: z.string().nullable().catch(null).transform((t) => (t ? normalizeTime(t) : null)).refine((t) => t === null || isClockTime(t)),
  court: z.string().nullable().catch(null).transform((c) => (c && /^[A-D]$/i.test(c.trim().replace(/^court\s*/i, "")) ? c.trim().replace(/^court\s*/i, "").toUpperCase() : null)),
  slot_id: z.string().nullable().catch(null),
  preferences: z.array(z.string()).catch([]),
});
export type Extraction = z.infer<typeof Extraction>;

/**
 * One model call that turns the conversation into an Extraction. Unparseable output gets one retry
 * with a firmer instruction; after that the caller hears model_output_invalid, never a crash.
 */
export async function extractRequest(ctx: RunContext<unknown>, node: string, vendor: Vendor, messages: ChatMessage[]): Promise<Extraction> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const system = extractionPrompt() + (attempt ? "\nYour previous answer was not valid JSON. Reply with one JSON object only." : "");
    const { text } = await chat(ctx, { node, vendor, system, messages, json: true });
    const parsed = parseJsonObject(text);
    if (parsed) return Extraction.parse(parsed);
    ctx.emit({ type: "error", node, code: "model_output_invalid", message: "The model's answer was not valid JSON.", retryable: attempt === 0 });
  }
  throw new AppError("model_output_invalid", "The language model kept answering with something that is not valid JSON, so I could not read your request. Could you say it again, e.g. \"Book a court tomorrow at 3pm\"?");
}

/** The first JSON object in a model's text (models like to wrap JSON in prose or fences). */
export function parseJsonObject(text: string): Record<string, unknown> | null {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start < 0 || end <= start) return null;
  try {
    const value = JSON.parse(text.slice(start, end + 1));
    return value && typeof value === "object" && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}
