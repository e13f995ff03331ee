import { ChatBody, streamRun } from "@/lib/http/chat";
import { readJson, route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(
  async (req, { userId }) => {
    const body = await readJson(req, ChatBody);
    return streamRun(req, body, userId);
  },
  { limited: true },
);
