import { claimedAddress } from "@/lib/http/address";
import { publicSimHandler } from "@/lib/sim";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The simulated vendor for anyone on the network (a share of it per address); it shares no state with the app's own runs. */
export function POST(req: Request): Promise<Response> {
  return publicSimHandler(req, claimedAddress(req));
}
