import { AppError } from "@/lib/errors";
import { ChatBody, streamRun } from "@/lib/http/chat";
import { readJson, route } from "@/lib/http/handler";
import { patternById } from "@/lib/patterns";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(async (req, { userId }) => {
  const body = await readJson(req, ChatBody);
  const pattern = patternById(body.pattern);
  if (!pattern.run) throw new AppError("not_implemented", `Pattern ${pattern.id} (${pattern.name}) is not available yet.`);
  return streamRun(req, body, userId);
});
