import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00"; process.env.CLUB_TIMEZONE = "Europe/Amsterdam"; process.env.PGLITE_DIR = "memory://";
const { simHandler } = await import("@/lib/sim");
const server = createServer(async (req, res) => {
  console.log("REQ", req.url);
  const chunks: Buffer[] = []; for await (const c of req) chunks.push(c as Buffer);
  const headers = new Headers(); for (const [k, v] of Object.entries(req.headers)) for (const x of [v ?? []].flat()) headers.append(k, String(x));
  const response = await simHandler(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined }));
  console.log("RES", response.status);
  res.writeHead(response.status, Object.fromEntries([...response.headers].filter(([k]) => !["connection", "keep-alive", "transfer-encoding"].includes(k))));
  res.end(Buffer.from(await response.arrayBuffer()));
});
await new Promise<void>((r) => server.listen(4602, "127.0.0.1", r));
Object.assign(process.env, { SIM_LATENCY: "off", OPENAI_API_KEY: "sk-x", OPENAI_BASE_URL: `http://127.0.0.1:4602/api/sim/openai/v1` });
const { executeRun } = await import("@/lib/patterns/engine");
const { db } = await import("@/lib/db/client"); const { resetSchedule } = await import("@/lib/db/seed"); await resetSchedule(await db());
const out = await executeRun({ pattern: "D", message: "Book court B tomorrow at 3pm", userId: "u1", origin: "http://127.0.0.1:1", signal: AbortSignal.timeout(20000) }, (e) => { if (e.type === "error" || e.type === "llm.response") console.log(JSON.stringify(e).slice(0, 300)); });
console.log(out); server.close(); process.exit(0);
