import { simHandler } from "@/lib/sim";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function POST(req: Request): Promise<Response> {
  return simHandler(req);
}
