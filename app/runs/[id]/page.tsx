import { notFound } from "next/navigation";
import { RunReplay } from "@/components/replay/RunReplay";
import { describePatterns } from "@/lib/patterns";
import { runExists } from "@/lib/trace/store";

export const dynamic = "force-dynamic";

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!(await runExists(id))) notFound();
  return <RunReplay runId={id} patterns={describePatterns()} />;
}
