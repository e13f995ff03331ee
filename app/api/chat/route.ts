import { ChatBody, streamRun } from "@/lib/http/chat";
import { route } from "@/lib/http/handler";
import { readJson } from "@/lib/json-http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(
  async (req, { userId }) => {
    const body = await readJson(req, ChatBody);
    return streamRun(req, body, userId);
  },
  { limited: true },
);
