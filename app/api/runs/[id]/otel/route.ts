import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/handler";
import { runAsOtlpJson } from "@/lib/otel/download";
import { ALL_EVENTS, loadRun } from "@/lib/trace/store";

export const dynamic = "force-dynamic";

/** The run as an OTLP/JSON trace, to load into Phoenix, Langfuse, Jaeger…; read as GET /api/runs/{id} reads it. */
export const GET = route<{ id: string }>(async (_req, { userId, params }) => {
  const run = await loadRun(params.id, userId, ALL_EVENTS);
  if (!run) throw new AppError("not_found", `No run has the id "${params.id}".`);
  return new Response(Buffer.from(runAsOtlpJson(run)), {
    headers: {
      "content-type": "application/json",
      "content-disposition": `attachment; filename="${run.id}.otlp.json"`,
      "cache-control": "no-store",
    },
  });
});
