import { z } from "zod";
import { appOrigin } from "@/lib/env";
import { streamEvents } from "@/lib/http/chat";
import { route } from "@/lib/http/handler";
import { readJson } from "@/lib/json-http";
import { Replacement } from "@/lib/tapes/format";
import { planFork } from "@/lib/tapes/replay";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const ForkBody = z.object({ at: z.number().int().positive().max(1000), replace: Replacement.optional() }).strict();

/** `{at, replace?}` → the fork streamed as SSE like /api/chat; its run.start names parentRunId and forkedAt. */
export const POST = route<{ id: string }>(
  async (req, { userId, params }) => {
    const { at, replace } = await readJson(req, ForkBody);
    const fork = await planFork({ runId: params.id, userId, origin: appOrigin(), at, replace });
    return streamEvents(req, userId, fork);
  },
  { limited: true },
);
