import { appOrigin } from "@/lib/env";
import { ChatBody } from "@/lib/http/chat";
import { json, readJson, route } from "@/lib/http/handler";
import { compareOne } from "@/lib/patterns/compare";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** One pattern of a comparison: `{pattern, message, options?}` → the sandboxed run's outcome and metrics. */
const CompareBody = ChatBody.omit({ sessionId: true }).strict();

export const POST = route(async (req, { userId }) => {
  const body = await readJson(req, CompareBody);
  return json(await compareOne({ pattern: body.pattern, message: body.message, options: body.options, userId, origin: appOrigin(), signal: req.signal }));
}, { limited: true });
