import type { Metadata } from "next";
import { GuideWalk } from "@/components/guide/GuideWalk";
import { GuidePath, walk } from "@/lib/guide/tree";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Which pattern should I use? · Control Spectrum Playground" };

/** `/guide?path=yes,no,…`: the decision guide, walked as far as the link's answers go. */
export default async function GuidePage({ searchParams }: { searchParams: Promise<{ path?: string | string[] }> }) {
  const { path } = await searchParams;
  const parsed = GuidePath.safeParse(path ?? "");
  const answers = parsed.success && walk(parsed.data) ? parsed.data : [];
  return <GuideWalk initialPath={answers} refusedPath={answers.length === 0 && Boolean(path)} />;
}
