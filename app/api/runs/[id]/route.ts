import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/handler";
import { json } from "@/lib/json-http";
import { loadRun } from "@/lib/trace/store";

export const dynamic = "force-dynamic";

/** Any run by its id (ids are unguessable, so a replay link can be shared); its conversation's id only for its owner. */
export const GET = route<{ id: string }>(async (_req, { userId, params }) => {
  const run = await loadRun(params.id, userId);
  if (!run) throw new AppError("not_found", `No run has the id "${params.id}".`);
  return json(run);
});
