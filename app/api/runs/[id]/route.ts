import { z } from "zod";
import { AppError } from "@/lib/errors";
import { query, route } from "@/lib/http/handler";
import { json } from "@/lib/json-http";
import { loadRun, RUN_EVENTS_PAGE } from "@/lib/trace/store";

export const dynamic = "force-dynamic";

const Page = z.object({
  after: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0),
  limit: z.coerce.number().int().min(1).max(RUN_EVENTS_PAGE).default(RUN_EVENTS_PAGE),
});

/**
 * Any run by its id (ids are unguessable, so a replay link can be shared); its conversation's id
 * only for its owner. Its events a page at a time (`?after=<seq>&limit=<n>`, at most
 * RUN_EVENTS_PAGE): `nextAfter` names where the next page starts while more follow.
 */
export const GET = route<{ id: string }>(async (req, { userId, params }) => {
  const run = await loadRun(params.id, userId, query(req, Page));
  if (!run) throw new AppError("not_found", `No run has the id "${params.id}".`);
  return json(run);
});
