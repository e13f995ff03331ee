import { appOrigin } from "@/lib/env";
import { ChatBody } from "@/lib/http/chat";
import { route } from "@/lib/http/handler";
import { json, readJson } from "@/lib/json-http";
import { SandboxParam } from "@/lib/http/schemas";
import { compareOne } from "@/lib/patterns/compare";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * One pattern of a comparison: `{pattern, message, options?}` → the run's outcome and metrics, in a
 * fresh sandbox of the schedule. A follow-up sends back the answer's `sessionId` and `sandboxId` to
 * continue that pattern's conversation in the same sandbox.
 */
const CompareBody = ChatBody.omit({ demo: true, sandboxId: true })
  .extend({ sandboxId: SandboxParam.optional() })
  .strict()
  .refine((b) => !b.sessionId === !b.sandboxId, { message: "a follow-up sends both sessionId and sandboxId; a first message neither" });

export const POST = route(
  async (req, { userId }) => {
    const body = await readJson(req, CompareBody);
    return json(
      await compareOne({
        pattern: body.pattern,
        message: body.message,
        options: body.options,
        sessionId: body.sessionId,
        sandboxId: body.sandboxId,
        userId,
        origin: appOrigin(),
        signal: req.signal,
      }),
    );
  },
  { limited: true },
);
