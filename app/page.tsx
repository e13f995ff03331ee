import { Playground } from "@/components/playground/Playground";
import { clubToday } from "@/lib/domain/clock";
import { describePatterns } from "@/lib/patterns";
import { choosePattern } from "@/lib/ui/patterns";

export const dynamic = "force-dynamic";

export default async function Home({ searchParams }: { searchParams: Promise<{ p?: string; demo?: string; m?: string }> }) {
  const patterns = describePatterns();
  const { p, demo, m } = await searchParams;
  const askedDemo = demo === "1" ? true : demo === "0" ? false : undefined;
  return (
    <Playground
      patterns={patterns}
      initialPattern={choosePattern(patterns, p)}
      today={clubToday()}
      askedDemo={askedDemo}
      initialMessage={m?.slice(0, 4000)}
    />
  );
}
