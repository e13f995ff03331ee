import { route } from "@/lib/http/handler";
import { json } from "@/lib/json-http";
import { patternById } from "@/lib/patterns";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>(async (_req, { params }) => {
  const pattern = patternById(params.id);
  return json({ status: "healthy", pattern: pattern.id, name: pattern.name });
});
