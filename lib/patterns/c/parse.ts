/**
 * C's parse service (default OpenAI): the conversation in, the booking request as JSON out. One
 * model call and no decision of its own: the orchestrator decides what the request means for the club.
 */
import { serve } from "@/lib/services/envelope";
import { step } from "../kit/context";
import { extractRequest } from "../kit/extract";
import { PARSE } from "./contracts";
import { patternC } from "./orchestrator";

export const parseService = serve(PARSE, patternC, async (ctx, { messages }) => {
  // region parse-llm
  return step(ctx, "parse-llm", () => extractRequest(ctx, messages));
  // endregion parse-llm
});
