import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

/**
 * Identity: an httpOnly cookie holding a member id and its HMAC. The id is issued on first
 * contact; every booking a request makes belongs to it, never to anything a model says.
 */
export const SESSION_COOKIE = "csp_member";
const ONE_YEAR_S = 60 * 60 * 24 * 365;

let cachedSecret: string | undefined;

/** SESSION_SECRET, or one generated once and kept beside the embedded database. */
function secret(): string {
  const configured = env().SESSION_SECRET;
  if (configured) return configured;
  if (cachedSecret) return cachedSecret;
  const file = path.join(process.cwd(), ".data", "session-secret");
  try {
    cachedSecret = readFileSync(file, "utf8").trim();
  } catch {
    cachedSecret = randomBytes(32).toString("hex");
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, cachedSecret, { mode: 0o600 });
  }
  return cachedSecret;
}

export function sign(value: string): string {
  return `${value}.${createHmac("sha256", secret()).update(value).digest("base64url")}`;
}

/** The signed value's payload, or null when the signature does not match. */
export function verify(signed: string): string | null {
  const dot = signed.lastIndexOf(".");
  if (dot <= 0) return null;
  const value = signed.slice(0, dot);
  const expected = Buffer.from(sign(value));
  const given = Buffer.from(signed);
  return expected.length === given.length && timingSafeEqual(expected, given) ? value : null;
}

export type Member = { userId: string; setCookie?: string };

/**
 * The member behind a request. A request without a valid cookie gets a fresh id, and the cookie
 * for it only when `issue` allows: a refused or cross-site request must never replace the
 * identity a browser already holds (its SameSite=Lax cookie is simply not sent cross-site).
 */
export function identify(req: Request, issue = true): Member {
  const raw = readCookie(req.headers.get("cookie") ?? "", SESSION_COOKIE);
  const userId = raw ? verify(raw) : null;
  if (userId) return { userId };
  const fresh = `m_${randomUUID()}`;
  if (!issue) return { userId: fresh };
  // Behind a TLS-terminating proxy the app itself sees http: the proxy, if trusted, says what the browser used.
  const https =
    new URL(req.url).protocol === "https:" ||
    (env().TRUST_PROXY === "1" && req.headers.get("x-forwarded-proto")?.split(",")[0].trim() === "https");
  const secure = https ? "; Secure" : "";
  return { userId: fresh, setCookie: `${SESSION_COOKIE}=${sign(fresh)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${ONE_YEAR_S}${secure}` };
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
