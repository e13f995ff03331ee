import { route } from "@/lib/http/handler";
import { json } from "@/lib/json-http";
import { describePatterns } from "@/lib/patterns";

export const dynamic = "force-dynamic";

export const GET = route(async () => json({ patterns: describePatterns() }));
