import { z } from "zod";
import { compareCells } from "@/lib/eval/cells";
import { cancelRunningEvaluation } from "@/lib/eval/service";
import { loadEvaluation } from "@/lib/eval/store";
import { query, route } from "@/lib/http/handler";
import { EvalIdParam } from "@/lib/http/schemas";
import { json } from "@/lib/json-http";

export const dynamic = "force-dynamic";

const Query = z.object({ against: EvalIdParam.optional() }).strict();

/** An evaluation's status, progress {done, total} and cells; `?against=<id>` adds what changed since that one (before → after). */
export const GET = route<{ id: string }>(async (req, { userId, params }) => {
  const { against } = query(req, Query);
  const evaluation = await loadEvaluation(EvalIdParam.parse(params.id), userId);
  if (!against) return json(evaluation);
  const before = await loadEvaluation(against, userId);
  return json({ ...evaluation, comparison: { against, changes: compareCells(before.cells, evaluation.cells) } });
});

/** Cancels your running evaluation: its cases in flight stop and it reads as `cancelled` (one already over stays as it ended). */
export const DELETE = route<{ id: string }>(async (_req, { userId, params }) => {
  const id = EvalIdParam.parse(params.id);
  await cancelRunningEvaluation(id, userId);
  return json(await loadEvaluation(id, userId));
});
