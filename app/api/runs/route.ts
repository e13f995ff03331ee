import { z } from "zod";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { query, route } from "@/lib/http/handler";
import { json } from "@/lib/json-http";
import { listRuns } from "@/lib/trace/store";

export const dynamic = "force-dynamic";

const Query = z.object({ sessionId: z.string().min(1).max(80) });

/** The runs of one of your own conversations, oldest first. */
export const GET = route(async (req, { userId }) => {
  const { sessionId } = query(req, Query);
  const session = await (await db()).session.findUnique({ where: { id: sessionId }, select: { userId: true } });
  if (!session || session.userId !== userId) throw new AppError("not_found", "No conversation of yours has that id.");
  return json({ sessionId, runs: await listRuns(sessionId) });
});
