import type { Metadata } from "next";
import { EvalPanel } from "@/components/eval/EvalPanel";
import { EVAL_LIMITS } from "@/lib/eval/service";
import { EvalIdParam } from "@/lib/http/schemas";
import { describePatterns } from "@/lib/patterns";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Evaluate patterns · Control Spectrum Playground" };

const idOf = (value: unknown) => EvalIdParam.safeParse(value).data;

/** `?id=` shows a stored evaluation of the viewer's, `?against=` compares it with an earlier one. */
export default async function EvalPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id, against } = await searchParams;
  return (
    <EvalPanel
      patterns={describePatterns()}
      limits={{ maxCases: EVAL_LIMITS.maxCases, maxRepeat: EVAL_LIMITS.maxRepeat, maxRuns: EVAL_LIMITS.maxRuns }}
      shown={idOf(id)}
      against={idOf(against)}
    />
  );
}
