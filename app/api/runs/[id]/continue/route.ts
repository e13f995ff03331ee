import { route } from "@/lib/http/handler";
import { json } from "@/lib/json-http";
import { continueRun } from "@/lib/patterns/step-mode";

export const dynamic = "force-dynamic";

/** Step mode: lets the run take its next step. The run's owner only (403 for anyone else, 404 when it is not in step mode). */
export const POST = route<{ id: string }>(async (_req, { userId, params }) => json(await continueRun(params.id, userId)));
