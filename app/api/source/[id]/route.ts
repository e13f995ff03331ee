import { PATTERN_IDS } from "@/lib/patterns/types";
import { highlightPatternSources } from "@/lib/ui/highlight";

/** Highlighted once at build time: the code pane gets ready HTML and the browser never loads shiki. */
export const dynamic = "force-static";
export const dynamicParams = false;

export function generateStaticParams() {
  return PATTERN_IDS.map((id) => ({ id }));
}

/** `{files: [{file, html, regions}]}`: the pattern's main file first, then the services it calls. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return Response.json({ files: await highlightPatternSources(id) });
}
