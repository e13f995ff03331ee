import { RunReplay } from "@/components/replay/RunReplay";
import { describePatterns } from "@/lib/patterns";

export const dynamic = "force-dynamic";

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RunReplay runId={id} patterns={describePatterns()} />;
}
