import { z } from "zod";
import { ChatBody, runToEnd } from "@/lib/http/chat";
import { route } from "@/lib/http/handler";
import { json, readJson } from "@/lib/json-http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The reference implementation's shape: {message, session_id?} → {response, session_id, run_id}. */
const Body = z.object({ message: z.string(), session_id: z.string().optional() });

export const POST = route<{ id: string }>(
  async (req, { userId, params }) => {
    const { message, session_id } = await readJson(req, Body);
    const body = ChatBody.parse({ pattern: params.id, message, sessionId: session_id });
    const outcome = await runToEnd(req, body, userId);
    return json({ response: outcome.reply, session_id: outcome.sessionId, run_id: outcome.runId, status: outcome.status });
  },
  { limited: true },
);
