import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttp2Server, type Http2Server, type Http2ServerRequest, type Http2ServerResponse } from "node:http2";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
import { publicSimHandler } from "@/lib/sim";
import { freshDb } from "./helpers";
import { bookingsOf, turn } from "./patterns/harness";
import { hostServices } from "./services/server";

/**
 * The live code paths, with real keys set and the vendors' base URLs pointed at the simulated
 * model served over real HTTP (as any OpenAI-compatible server would be): what a live run does,
 * short of the vendor itself.
 */
// The AWS SDK's Bedrock clients speak HTTP/2 (cleartext h2 for an http:// endpoint); the others HTTP/1.1.
const servers: (Server | Http2Server)[] = [];
const paths: string[] = [];
/** Requests to answer with a 500 before the simulated model answers again, as a vendor's fault would. */
const faults = { next: 0 };

async function serveSim(server: Server | Http2Server): Promise<string> {
  server.on("request", async (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse) => {
    paths.push(req.url ?? "");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (faults.next > 0) {
      faults.next--;
      (res as ServerResponse).writeHead(500, { "content-type": "application/json", "x-amzn-errortype": "InternalServerException" });
      res.end(JSON.stringify({ message: "Simulated vendor fault" }));
      return;
    }
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers))
      if (!key.startsWith(":")) for (const v of [value ?? []].flat()) headers.append(key, String(v));
    const response = await publicSimHandler(
      new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined }),
    );
    const out = Object.fromEntries(
      [...response.headers].filter(([key]) => !["connection", "keep-alive", "transfer-encoding"].includes(key)),
    );
    // Both response kinds take (status, headers); their overloads differ only in types.
    (res as ServerResponse).writeHead(response.status, out);
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  const origin = await serveSim(createServer());
  const h2origin = await serveSim(createHttp2Server());
  Object.assign(process.env, {
    SIM_LATENCY: "off",
    OPENAI_API_KEY: "sk-live-path-test",
    OPENAI_BASE_URL: `${origin}/api/sim/openai/v1`,
    ANTHROPIC_API_KEY: "sk-ant-live-path-test",
    ANTHROPIC_BASE_URL: `${origin}/api/sim/anthropic`,
    AWS_REGION: "eu-central-1",
    AWS_ACCESS_KEY_ID: "AKIALIVEPATHTEST0001",
    AWS_SECRET_ACCESS_KEY: "live-path-test-secret",
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: `${h2origin}/api/sim/bedrock`,
    AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME: `${h2origin}/api/sim/bedrock-agent`,
    BEDROCK_AGENT_ID: "LIVEAGENT1",
    BEDROCK_AGENT_ALIAS_ID: "LIVEALIAS1",
  });
  // Opening the embedded database is slow on a loaded machine: do it here, not inside the first test's time.
  await freshDb();
});
afterAll(() => Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())))));
// C's and G's services on loopback HTTP, where they build live clients of their own.
hostServices();

/** Model traffic only: the services' own hops are not model calls. */
const modelPaths = () => paths.filter((p) => p.includes("/api/sim/"));

describe("live mode against an OpenAI-compatible server", () => {
  for (const [pattern, message, slot] of [
    ["A", "Book court A tomorrow at 2pm", "2026-12-02_CourtA_1400"],
    ["B", "Book an indoor court tomorrow at 4pm", "2026-12-02_CourtD_1600"],
    ["C", "Book court C tomorrow at 3pm", "2026-12-02_CourtC_1500"],
    ["D", "Book court B tomorrow at 3pm", "2026-12-02_CourtB_1500"],
    ["E", "Book court C tomorrow at 5pm", "2026-12-02_CourtC_1700"],
    ["F", "Book court B tomorrow at 8pm", "2026-12-02_CourtB_2000"],
    ["G", "Book court D tomorrow at 9pm", "2026-12-02_CourtD_2100"],
    ["H", "Book court A tomorrow at 6pm", "2026-12-02_CourtA_1800"],
  ] as const) {
    // Generous: the first test of the file also loads every pattern and SDK on a busy machine.
    it(`pattern ${pattern} books through the live clients over HTTP`, { timeout: 120_000 }, async () => {
      await freshDb();
      paths.length = 0;
      const t = await turn(pattern, message, { userId: `live-${pattern}` });
      expect(t.events[0]).toMatchObject({
        type: "run.start",
        vendors: { openai: "live", anthropic: "live", bedrock: "live", "bedrock-agent": "live" },
      });
      const requests = t.events.filter((e) => e.type === "llm.request");
      expect(requests.length).toBeGreaterThan(0);
      for (const r of requests) expect(r).toMatchObject({ live: true });
      expect(t.events.at(-1)).toMatchObject({ type: "run.end", metrics: { estimated: false } });
      expect(t.status).toBe("ok");
      expect((await bookingsOf(`live-${pattern}`)).map((b) => b.slot_id)).toEqual([slot]);
      if (pattern === "H") {
        // One InvokeAgent per round trip; the model calls happen inside the (simulated) AWS.
        expect(paths.length).toBeGreaterThanOrEqual(2);
        expect(
          paths.every((p) => /\/api\/sim\/bedrock-agent\/agents\/LIVEAGENT1\/agentAliases\/LIVEALIAS1\/sessions\/.+\/text$/.test(p)),
        ).toBe(true);
        return;
      }
      expect(modelPaths().length).toBe(requests.length);
      // Compatible servers rarely speak the Responses API, so even the agents use Chat Completions here.
      expect(
        modelPaths().filter(
          (p) => !/\/openai\/v1\/chat\/completions$|\/anthropic\/v1\/messages$|\/bedrock\/model\/.+\/converse-stream$/.test(p),
        ),
      ).toEqual([]);
      if (pattern === "B") expect(paths.filter((p) => p.endsWith("/v1/messages"))).toHaveLength(1);
    });
  }

  describe("the agents on the Responses API, the SDK's default against OpenAI itself", () => {
    beforeAll(() => {
      process.env.OPENAI_AGENTS_API = "responses";
    });
    afterAll(() => {
      delete process.env.OPENAI_AGENTS_API;
    });
    for (const [pattern, message, slot] of [
      ["E", "Book court D tomorrow at 5pm", "2026-12-02_CourtD_1700"],
      ["F", "Book court A tomorrow at 7pm", "2026-12-02_CourtA_1900"],
      ["G", "Book court C tomorrow at 8pm", "2026-12-02_CourtC_2000"],
    ] as const) {
      it(`pattern ${pattern} books through the live Responses API over HTTP`, async () => {
        await freshDb();
        paths.length = 0;
        const t = await turn(pattern, message, { userId: `responses-${pattern}` });
        expect(t.status).toBe("ok");
        const requests = t.events.filter((e) => e.type === "llm.request");
        expect(requests.length).toBeGreaterThan(0);
        for (const r of requests) expect(r).toMatchObject({ live: true, vendor: expect.any(String) });
        expect((await bookingsOf(`responses-${pattern}`)).map((b) => b.slot_id)).toEqual([slot]);
        const openai = modelPaths().filter((p) => p.includes("/openai/"));
        expect(openai.length).toBeGreaterThan(0);
        expect(openai.filter((p) => !p.endsWith("/openai/v1/responses"))).toEqual([]);
        expect(modelPaths().length).toBe(requests.length);
      });
    }
  });

  it("pattern H: one retry layer, the app's: a failing InvokeAgent is called once per visible attempt", async () => {
    await freshDb();
    paths.length = 0;
    faults.next = 3;
    const t = await turn("H", "Book court B tomorrow at 9pm", { userId: "live-h-faults" });
    faults.next = 0;
    expect(t.status).toBe("error");
    // LLM_MAX_RETRIES (2) retries after the first attempt, each announced; the AWS SDK adds none.
    expect(t.events.filter((e) => e.type === "error" && e.retryable && e.node === "orchestration")).toHaveLength(2);
    expect(paths).toHaveLength(3);
    expect(await bookingsOf("live-h-faults")).toEqual([]);
  });

  it("pattern D books through live Bedrock Converse over HTTP", async () => {
    await freshDb();
    paths.length = 0;
    const t = await turn("D", "Book court D tomorrow at 8pm", { userId: "live-bedrock", options: { vendors: { llm: "bedrock" } } });
    expect(t.status).toBe("ok");
    expect(t.events.filter((e) => e.type === "llm.request")).toEqual(
      expect.arrayContaining([expect.objectContaining({ vendor: "bedrock", live: true })]),
    );
    expect((await bookingsOf("live-bedrock")).map((b) => b.slot_id)).toEqual(["2026-12-02_CourtD_2000"]);
    expect(paths.every((p) => /\/api\/sim\/bedrock\/model\/.+\/converse-stream$/.test(p))).toBe(true);
  });
});
