import { env } from "@/lib/env";

/**
 * Who is asking, as far as can be trusted. Route handlers never see the socket: Next.js passes its
 * address on as `x-forwarded-for`, but only when the client wrote none, so the header is whatever
 * the client wrote unless a proxy we trust (TRUST_PROXY=1) set it, and then its rightmost entry is
 * the address that proxy saw.
 */
function rightmostForwarded(req: Request): string | undefined {
  return req.headers
    .get("x-forwarded-for")
    ?.split(",")
    .map((a) => a.trim())
    .filter(Boolean)
    .at(-1);
}

/**
 * The address for allowances handed out per address (token buckets): one a client could name
 * would buy it fresh allowances, so without a trusted proxy every direct client shares one.
 */
export function clientAddress(req: Request): string {
  if (env().TRUST_PROXY !== "1") return "direct";
  return rightmostForwarded(req) ?? req.headers.get("x-real-ip")?.trim() ?? "direct";
}

/**
 * The address for shares taken away per address (requests in flight): the socket's as Next.js
 * passed it on, or the trusted proxy's word. A client that writes its own header escapes only its
 * address's share, never a server-wide bound.
 */
export function claimedAddress(req: Request): string {
  return rightmostForwarded(req) ?? "unknown";
}
