import { z } from "zod";
import { followRun } from "@/lib/http/chat";
import { query, route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const Seq = z.coerce.number().int().min(0).max(1_000_000);
const Query = z.object({ after: Seq.optional() });

/** Follows a run after a reload: SSE from the event after `Last-Event-ID` (or `?after=`, a seq), live until its end while it runs here. */
export const GET = route<{ id: string }>(async (req, { userId, params }) => {
  const header = req.headers.get("last-event-id");
  const after = header !== null ? Seq.parse(header) : (query(req, Query).after ?? 0);
  return followRun(req, params.id.slice(0, 120), userId, after);
});
