import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { assertJson } from "@/lib/json-http";

/**
 * Cross-site request forgery guard for state-changing requests. A browser says where a request
 * comes from (`Origin`, `Sec-Fetch-Site`); a form or a `no-cors` fetch on another site can only
 * send text/plain or form bodies, so JSON-only bodies plus a same-origin check close both doors.
 * Clients that send neither header (curl, SDKs, server-to-server calls) are not browsers acting
 * for someone else, and pass.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isStateChanging(req: Request): boolean {
  return !SAFE_METHODS.has(req.method.toUpperCase());
}

/** True when the browser says the request comes from another site or origin (or hides where from). */
export function isCrossSite(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (origin !== null) return !allowedOrigins(req).has(origin);
  const site = req.headers.get("sec-fetch-site");
  // "none" is a person typing the address; same-site still covers another port on the same host.
  return site !== null && site !== "same-origin" && site !== "none";
}

/** Refuses a state-changing request that comes from another origin or carries no JSON. */
export function assertSafeToChange(req: Request): void {
  if (!isServedHost(req)) {
    throw new AppError(
      "forbidden",
      `This server is not configured to be reached as "${requestHost(req).slice(0, 100)}": set APP_ORIGIN (or ALLOWED_ORIGINS) to the address members use.`,
    );
  }
  if (isCrossSite(req)) throw new AppError("forbidden", "Cross-origin requests may not change anything here.");
  // A request without a body and without a content type (DELETE /api/bookings/{id}, curl -X POST
  // …/reset) carries nothing to mistype; a form always declares its type, even when empty.
  if (!hasBody(req) && !req.headers.has("content-type")) return;
  assertJson(req);
}

function hasBody(req: Request): boolean {
  return Number(req.headers.get("content-length") ?? "0") > 0 || req.headers.has("transfer-encoding");
}

/**
 * DNS rebinding: a page on a name the attacker points at this server reaches it with that name as
 * `Host` and a matching `Origin`, so the origin check alone lets it through. In production only the
 * hosts the app is configured to be reached at (APP_ORIGIN, ALLOWED_ORIGINS) and loopback (a server
 * started on the presenter's own machine, the tests' 127.0.0.1) may change state or be handed an
 * identity; development serves any host.
 */
export function isServedHost(req: Request): boolean {
  const { NODE_ENV, APP_ORIGIN, ALLOWED_ORIGINS } = env();
  if (NODE_ENV !== "production") return true;
  const host = requestHost(req).toLowerCase();
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname;
  } catch {
    return false;
  }
  if (hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname)) return true;
  return [...(APP_ORIGIN ? [APP_ORIGIN] : []), ...ALLOWED_ORIGINS].some((origin) => new URL(origin).host === host);
}

/** The host the browser addressed: its Host header, or with TRUST_PROXY=1 the proxy's X-Forwarded-Host. */
function requestHost(req: Request): string {
  const forwarded = env().TRUST_PROXY === "1" ? req.headers.get("x-forwarded-host")?.split(",")[0].trim() : undefined;
  return forwarded || req.headers.get("host") || new URL(req.url).host;
}

/**
 * The origins this app is reached at: the one the browser addressed (its Host header, which a page
 * on another site cannot choose; with TRUST_PROXY=1 the proxy's X-Forwarded-Host), APP_ORIGIN and
 * ALLOWED_ORIGINS. The scheme is not knowable behind TLS termination, and one host and port cannot
 * serve two schemes, so both count.
 */
function allowedOrigins(req: Request): Set<string> {
  const { ALLOWED_ORIGINS, APP_ORIGIN } = env();
  const host = requestHost(req);
  return new Set([`http://${host}`, `https://${host}`, ...(APP_ORIGIN ? [APP_ORIGIN] : []), ...ALLOWED_ORIGINS]);
}
