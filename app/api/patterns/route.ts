import { json, route } from "@/lib/http/handler";
import { describePatterns } from "@/lib/patterns";

export const dynamic = "force-dynamic";

export const GET = route(async () => json({ patterns: describePatterns() }));
