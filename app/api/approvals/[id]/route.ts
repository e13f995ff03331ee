import { DecisionBody, streamResume } from "@/lib/http/chat";
import { route } from "@/lib/http/handler";
import { readJson } from "@/lib/json-http";
import { decideApproval } from "@/lib/patterns/approvals";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The owner approves or rejects a paused run; the continuation streams as SSE like /api/chat (404 for anyone else, 409 once decided). */
export const POST = route<{ id: string }>(
  async (req, { userId, params }) => {
    const body = await readJson(req, DecisionBody);
    return streamResume(req, await decideApproval(params.id, userId, body.decision, body.reason || undefined));
  },
  { limited: true },
);
