import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
import { simHandler } from "@/lib/sim";
import { freshDb } from "./helpers";
import { bookingsOf, turn } from "./patterns/harness";

/**
 * The live code paths, with real keys set and the vendors' base URLs pointed at the simulated
 * model served over real HTTP (as any OpenAI-compatible server would be): what a live run does,
 * short of the vendor itself.
 */
let server: Server;
const paths: string[] = [];
beforeAll(async () => {
  server = createServer(async (req, res) => {
    paths.push(req.url ?? "");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) for (const v of [value ?? []].flat()) headers.append(key, v);
    const response = await simHandler(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    SIM_LATENCY: "off",
    OPENAI_API_KEY: "sk-live-path-test",
    OPENAI_BASE_URL: `${origin}/api/sim/openai/v1`,
    ANTHROPIC_API_KEY: "sk-ant-live-path-test",
    ANTHROPIC_BASE_URL: `${origin}/api/sim/anthropic`,
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("live mode against an OpenAI-compatible server", () => {
  for (const [pattern, message, slot] of [
    ["D", "Book court B tomorrow at 3pm", "2026-12-02_CourtB_1500"],
    ["B", "Book an indoor court tomorrow at 4pm", "2026-12-02_CourtD_1600"],
    ["E", "Book court C tomorrow at 5pm", "2026-12-02_CourtC_1700"],
  ] as const) {
    it(`pattern ${pattern} books through the live clients over HTTP`, async () => {
      await freshDb();
      paths.length = 0;
      const t = await turn(pattern, message, { userId: `live-${pattern}` });
      expect(t.events[0]).toMatchObject({ type: "run.start", vendors: { openai: "live", anthropic: "live" } });
      const requests = t.events.filter((e) => e.type === "llm.request");
      expect(requests.length).toBeGreaterThan(0);
      for (const r of requests) expect(r).toMatchObject({ live: true });
      expect(t.status).toBe("ok");
      expect((await bookingsOf(`live-${pattern}`)).map((b) => b.slot_id)).toEqual([slot]);
      expect(paths.length).toBe(requests.length);
      // Compatible servers rarely speak the Responses API, so even the agents use Chat Completions here.
      expect(paths.filter((p) => !/\/openai\/v1\/chat\/completions$|\/anthropic\/v1\/messages$/.test(p))).toEqual([]);
      if (pattern === "B") expect(paths.filter((p) => p.endsWith("/v1/messages"))).toHaveLength(1);
    });
  }
});
