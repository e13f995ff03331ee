import { env } from "@/lib/env";
import { PATTERNS } from "@/lib/patterns";
import type { loadRun } from "@/lib/trace/store";
import { otlpJson, toReadableSpans } from "./otlp";
import { runToSpans } from "./spans";

type StoredRun = NonNullable<Awaited<ReturnType<typeof loadRun>>>;

/** A stored run as an OTLP/JSON ExportTraceServiceRequest: the same spans the continuous export sends. */
export function runAsOtlpJson(run: StoredRun): Uint8Array {
  const pattern = PATTERNS.find((p) => p.id === run.pattern);
  const tree = runToSpans(run, pattern, { captureContent: env().OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT });
  return otlpJson(toReadableSpans(tree, Date.parse(run.createdAt)));
}
