import { z } from "zod";
import { appOrigin } from "@/lib/env";
import { measuredFor, startMeasurement } from "@/lib/guide/measure";
import { route } from "@/lib/http/handler";
import { json } from "@/lib/json-http";
import { PATTERN_IDS } from "@/lib/patterns/types";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const PatternParam = z.enum(PATTERN_IDS, { message: `expected a pattern, one of ${PATTERN_IDS.join(", ")}` });

/** What the app measured for a pattern `{measured, progress, error}`: the viewer's latest evaluation, else the guide's own measurement. */
export const GET = route<{ pattern: string }>(async (_req, { userId, params }) =>
  json(await measuredFor(userId, PatternParam.parse(params.pattern))),
);

/** Starts the guide's own small measurement of the pattern (202), unless it ran already; poll GET for progress. */
export const POST = route<{ pattern: string }>(
  async (_req, { userId, params }) => {
    const pattern = PatternParam.parse(params.pattern);
    startMeasurement(pattern, appOrigin());
    return json(await measuredFor(userId, pattern), 202);
  },
  { limited: true },
);
