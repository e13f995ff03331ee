import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

/**
 * HMAC signing with the app's secret, for everything the server hands out and must recognise
 * later: the member's session cookie (lib/http/session.ts) and the caller token on a service hop
 * (lib/services/token.ts). A token starts with its purpose, so a cookie never passes for one.
 */
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
