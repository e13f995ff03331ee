import { Playground } from "@/components/playground/Playground";
import { clubToday } from "@/lib/domain/clock";
import { describePatterns } from "@/lib/patterns";
import { choosePattern } from "@/lib/ui/patterns";

export const dynamic = "force-dynamic";

export default async function Home({ searchParams }: { searchParams: Promise<{ p?: string }> }) {
  const patterns = describePatterns();
  const { p } = await searchParams;
  return <Playground patterns={patterns} initialPattern={choosePattern(patterns, p)} today={clubToday()} />;
}
