/**
 * JSON text for a jsonb parameter. PostgreSQL text and jsonb cannot hold U+0000 or a lone UTF-16
 * surrogate, which a hostile message or a garbled model answer may contain; each becomes U+FFFD
 * so the write still succeeds.
 */
export function jsonbText(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v) => (typeof v === "string" ? v.toWellFormed().replaceAll("\u0000", "\uFFFD") : v));
}
