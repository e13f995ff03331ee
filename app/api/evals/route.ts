import { appOrigin } from "@/lib/env";
import { EVAL_LIMITS, EvalRequest, startEvaluation } from "@/lib/eval/service";
import { route } from "@/lib/http/handler";
import { json, readJson } from "@/lib/json-http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Starts an evaluation `{patterns, faults, cases | dataset, repeat}` in the background → `{id, total}` (202); poll GET /api/evals/{id}. */
export const POST = route(
  async (req, { userId }) => {
    const body = await readJson(req, EvalRequest, EVAL_LIMITS.maxBodyBytes);
    return json(await startEvaluation(userId, body, appOrigin()), 202);
  },
  { limited: true },
);
