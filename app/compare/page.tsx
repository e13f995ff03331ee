import type { Metadata } from "next";
import { ComparePanel } from "@/components/compare/ComparePanel";
import { describePatterns } from "@/lib/patterns";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Compare patterns · Control Spectrum Playground" };

export default async function ComparePage({ searchParams }: { searchParams: Promise<{ m?: string }> }) {
  const { m } = await searchParams;
  return <ComparePanel patterns={describePatterns()} initialMessage={m?.slice(0, 4000) || "Book court B tomorrow at 3pm"} />;
}
