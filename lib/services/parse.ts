import { patternC } from "@/lib/patterns/c";
import { step } from "@/lib/patterns/kit/context";
import { extractRequest } from "@/lib/patterns/kit/extract";
import { serve } from "./envelope";

/** C's parse service: the conversation in, the booking request as JSON out (default OpenAI). */
export const parseService = serve("parse", patternC, async (ctx, { messages }) => {
  return step(ctx, "parse-llm", () => extractRequest(ctx, messages));
});
