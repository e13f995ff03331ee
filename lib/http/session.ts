import { randomUUID } from "node:crypto";
import { env } from "@/lib/env";
import { sign, verify } from "@/lib/signing";

/**
 * Identity: an httpOnly cookie holding a member id and its HMAC. The id is issued on first
 * contact; every booking a request makes belongs to it, never to anything a model says.
 */
export const SESSION_COOKIE = "csp_member";
const ONE_YEAR_S = 60 * 60 * 24 * 365;

export type Member = { userId: string; identified: boolean };

/** The member behind a request: the one its valid cookie names, or a fresh id (not yet anyone's) without one. */
export function identify(req: Request): Member {
  const raw = readCookie(req.headers.get("cookie") ?? "", SESSION_COOKIE);
  const userId = raw ? verify(raw) : null;
  if (userId) return { userId, identified: true };
  return { userId: `m_${randomUUID()}`, identified: false };
}

/** The Set-Cookie that makes a fresh id the browser's identity. */
export function identityCookie(req: Request, userId: string): string {
  // Behind a TLS-terminating proxy the app itself sees http: the proxy, if trusted, says what the browser used.
  const https =
    new URL(req.url).protocol === "https:" ||
    (env().TRUST_PROXY === "1" && req.headers.get("x-forwarded-proto")?.split(",")[0].trim() === "https");
  const secure = https ? "; Secure" : "";
  return `${SESSION_COOKIE}=${sign(userId)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${ONE_YEAR_S}${secure}`;
}

/** A cookie's value; a malformed one (bad percent-encoding) counts as absent, never as a failure. */
function readCookie(header: string, name: string): string | undefined {
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join("="));
    } catch {
      return undefined;
    }
  }
  return undefined;
}
