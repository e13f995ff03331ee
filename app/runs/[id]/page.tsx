import { notFound } from "next/navigation";
import { RunReplay } from "@/components/replay/RunReplay";
import { describePatterns } from "@/lib/patterns";
import { runExists } from "@/lib/trace/store";

export const dynamic = "force-dynamic";

/** `?fork` (an evaluation's failure links here) opens the inspector on the run's last model call, where a fork starts. */
export default async function RunPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  if (!(await runExists(id))) notFound();
  return <RunReplay runId={id} patterns={describePatterns()} fork={"fork" in query} />;
}
