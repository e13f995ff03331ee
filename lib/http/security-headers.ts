/**
 * The pages' Content Security Policy, carrying a fresh nonce per request (proxy.ts): Next.js
 * stamps that nonce on its own scripts, and 'strict-dynamic' lets those load the rest, so no
 * other script runs. The headers every response gets (nosniff, Referrer-Policy, …) and the API's
 * policy live in next.config.mjs.
 *
 * Styles allow 'unsafe-inline': React Flow positions every node and edge with inline style attributes, which no nonce can cover (and a nonce would switch 'unsafe-inline' off).
 * Inline styles cannot run code. 'unsafe-eval' only in development, where React's dev tooling needs it.
 */
export function pageCsp(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self'${development ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
