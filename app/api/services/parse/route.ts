import { parseService } from "@/lib/services/parse";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const POST = parseService;
