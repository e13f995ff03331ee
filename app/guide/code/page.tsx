import type { Metadata } from "next";
import { z } from "zod";
import { CodeSideBySide } from "@/components/guide/CodeSideBySide";
import { PROGRESSION } from "@/lib/guide/article";
import { PATTERN_IDS } from "@/lib/patterns/types";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Two patterns' code side by side · Control Spectrum Playground" };

const Pair = z.object({ from: z.enum(PATTERN_IDS), to: z.enum(PATTERN_IDS) });

/** `/guide/code?from=A&to=B`: the code of a move of the progression path, side by side; any other pair shows the first move. */
export default async function GuideCodePage({ searchParams }: { searchParams: Promise<{ from?: string; to?: string }> }) {
  const parsed = Pair.safeParse(await searchParams);
  const move = (parsed.success && PROGRESSION.find((m) => m.from === parsed.data.from && m.to === parsed.data.to)) || PROGRESSION[0];
  return <CodeSideBySide move={move} />;
}
