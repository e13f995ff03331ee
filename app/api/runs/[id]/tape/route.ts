import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/handler";
import { json } from "@/lib/json-http";
import { tapeDocument } from "@/lib/tapes/store";

export const dynamic = "force-dynamic";

/** The run's tape (csp-tape/1), to whoever may read the run (GET /api/runs/{id}'s rules). */
export const GET = route<{ id: string }>(async (_req, { userId, params }) => {
  const tape = await tapeDocument(params.id, userId);
  if (!tape) throw new AppError("not_found", `No tape is stored for run "${params.id}".`);
  return json(tape);
});
