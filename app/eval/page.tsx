import type { Metadata } from "next";
import { EvalPanel } from "@/components/eval/EvalPanel";
import { EVAL_LIMITS } from "@/lib/eval/service";
import { describePatterns } from "@/lib/patterns";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Evaluate patterns · Control Spectrum Playground" };

export default function EvalPage() {
  return (
    <EvalPanel
      patterns={describePatterns()}
      limits={{ maxCases: EVAL_LIMITS.maxCases, maxRepeat: EVAL_LIMITS.maxRepeat, maxRuns: EVAL_LIMITS.maxRuns }}
    />
  );
}
