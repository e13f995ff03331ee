import { route } from "@/lib/http/handler";
import { json } from "@/lib/json-http";
import { pendingApprovals } from "@/lib/patterns/approvals";

export const dynamic = "force-dynamic";

/** The calling member's approvals still waiting for a decision. */
export const GET = route(async (_req, { userId }) => json({ approvals: await pendingApprovals(userId) }));
