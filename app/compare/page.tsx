import type { Metadata } from "next";
import { ComparePanel } from "@/components/compare/ComparePanel";
import { describePatterns } from "@/lib/patterns";
import { PATTERN_IDS } from "@/lib/patterns/types";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Compare patterns · Control Spectrum Playground" };

export default async function ComparePage({ searchParams }: { searchParams: Promise<{ m?: string; patterns?: string }> }) {
  const { m, patterns } = await searchParams;
  // `?patterns=C,D,E` presets the choice (the decision guide links a pattern with its neighbours); unknown letters are ignored.
  const preset = PATTERN_IDS.filter((id) => patterns?.slice(0, 32).toUpperCase().split(",").includes(id));
  return (
    <ComparePanel
      patterns={describePatterns()}
      initialMessage={m?.slice(0, 4000) || "Book court B tomorrow at 3pm"}
      initialPatterns={preset.length ? preset : undefined}
    />
  );
}
