import { parseService } from "@/lib/patterns/c/parse";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const POST = parseService;
