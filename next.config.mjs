/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native/WASM database drivers load their own files at run time: keep them out of the bundle.
  // The Agents SDK too: its entry point installs an OpenAI trace exporter on a process-wide provider,
  // so every bundled copy that loads would displace the app's trace processor; loaded from
  // node_modules, the server holds one copy, loaded once.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/client", "@prisma/adapter-pg", "pg", "@openai/agents", "@openai/agents-core", "@openai/agents-openai", "@openai/agents-realtime", "openai"],
  poweredByHeader: false,
  reactStrictMode: true,
  devIndicators: false,
};

export default nextConfig;
