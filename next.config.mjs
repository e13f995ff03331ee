/**
 * Browser hardening on every response. Pages also get a Content-Security-Policy with a per-request
 * nonce from proxy.ts (lib/http/security-headers.ts); nothing the API answers may run or be framed.
 */
const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native/WASM database drivers load their own files at run time: keep them out of the bundle.
  // The Agents SDK too: its entry point installs an OpenAI trace exporter on a process-wide provider,
  // so every bundled copy that loads would displace the app's trace processor; loaded from
  // node_modules, the server holds one copy, loaded once.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/client",
    "@prisma/adapter-pg",
    "pg",
    "@openai/agents",
    "@openai/agents-core",
    "@openai/agents-openai",
    "@openai/agents-realtime",
    "openai",
  ],
  poweredByHeader: false,
  reactStrictMode: true,
  devIndicators: false,
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
    ];
  },
};

export default nextConfig;
