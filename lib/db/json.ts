/**
 * JSON text for a jsonb parameter. PostgreSQL text and jsonb cannot hold U+0000, which a hostile
 * message or a garbled model answer may contain; it becomes U+FFFD so the write still succeeds.
 */
export function jsonbText(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v) => (typeof v === "string" && v.includes("\u0000") ? v.replaceAll("\u0000", "\uFFFD") : v));
}
