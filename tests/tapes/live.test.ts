import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttp2Server, type Http2Server, type Http2ServerRequest, type Http2ServerResponse } from "node:http2";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "tapes-live-secret-long-enough";
import * as tapeRoute from "@/app/api/runs/[id]/tape/route";
import { SESSION_COOKIE } from "@/lib/http/session";
import { sign } from "@/lib/signing";
import { publicSimHandler } from "@/lib/sim";
import type { Tape } from "@/lib/tapes/format";
import { planFork } from "@/lib/tapes/replay";
import type { TraceEvent } from "@/lib/trace/events";
import { freshDb } from "../helpers";
import { turn } from "../patterns/harness";
import { hostServices } from "../services/server";
import { simCallCounter } from "./support";

/**
 * Tapes of live runs: real keys set (fake ones), the vendors' base URLs pointed at the simulated
 * model served over real HTTP, as tests/live-path.test.ts does. The tape must hold none of the
 * keys, and must play back through the same real SDK clients with no request reaching a vendor.
 */
const servers: (Server | Http2Server)[] = [];
const paths: string[] = [];

async function serveSim(server: Server | Http2Server): Promise<string> {
  server.on("request", async (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse) => {
    paths.push(req.url ?? "");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers))
      if (!key.startsWith(":")) for (const v of [value ?? []].flat()) headers.append(key, String(v));
    const response = await publicSimHandler(
      new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined }),
    );
    (res as ServerResponse).writeHead(
      response.status,
      Object.fromEntries([...response.headers].filter(([key]) => !["connection", "keep-alive", "transfer-encoding"].includes(key))),
    );
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const SECRETS = {
  OPENAI_API_KEY: "sk-tape-test-openai-9f8e7d",
  ANTHROPIC_API_KEY: "sk-ant-tape-test-1a2b3c",
  AWS_ACCESS_KEY_ID: "AKIATAPETEST00000001",
  AWS_SECRET_ACCESS_KEY: "tape-test-aws-secret-4d5e6f",
};
let live: Record<string, string>;

beforeAll(async () => {
  const origin = await serveSim(createServer());
  const h2origin = await serveSim(createHttp2Server());
  live = {
    SIM_LATENCY: "off",
    ...SECRETS,
    OPENAI_BASE_URL: `${origin}/api/sim/openai/v1`,
    ANTHROPIC_BASE_URL: `${origin}/api/sim/anthropic`,
    AWS_REGION: "eu-central-1",
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: `${h2origin}/api/sim/bedrock`,
    AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME: `${h2origin}/api/sim/bedrock-agent`,
    BEDROCK_AGENT_ID: "LIVEAGENT1",
    BEDROCK_AGENT_ALIAS_ID: "LIVEALIAS1",
  };
  Object.assign(process.env, live);
  await freshDb();
});
afterAll(() => Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())))));
hostServices();

async function downloadTape(runId: string, as: string): Promise<{ status: number; text: string }> {
  const res = await tapeRoute.GET(
    new Request(`http://club.test/api/runs/${runId}/tape`, { headers: { cookie: `${SESSION_COOKIE}=${sign(as)}` } }),
    { params: Promise.resolve({ id: runId }) },
  );
  return { status: res.status, text: await res.text() };
}

const REQUESTS = [
  ["A", "Book court A tomorrow at 2pm"],
  ["B", "Book an indoor court tomorrow at 4pm"],
  ["C", "Book court C tomorrow at 3pm"],
  ["D", "Book court B tomorrow at 3pm"],
  ["E", "Book court C tomorrow at 5pm"],
  ["F", "Book court B tomorrow at 8pm"],
  ["G", "Book court D tomorrow at 9pm"],
  ["H", "Book court A tomorrow at 6pm"],
] as const;

describe("tapes of runs through the live clients", () => {
  for (const [pattern, message] of REQUESTS) {
    it(
      `pattern ${pattern}: no key on the tape; played back through the real SDKs with no vendor request`,
      { timeout: 120_000 },
      async () => {
        await freshDb();
        const userId = `taped-${pattern}`;
        paths.length = 0;
        const recorded = await turn(pattern, message, { userId });
        expect(recorded.status).toBe("ok");
        expect(paths.length).toBeGreaterThan(0);

        const { status, text } = await downloadTape(recorded.runId, userId);
        expect(status).toBe(200);
        for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
        expect(text).not.toMatch(/authorization|x-api-key|x-amz-date|x-amz-security-token|AWS4-HMAC-SHA256|Bearer /i);
        const tape = JSON.parse(text);
        expect(tape.format).toBe("csp-tape/1");
        expect(tape.exchanges.length).toBeGreaterThan(0);
        for (const e of tape.exchanges)
          expect(
            Object.keys(e.request.headers).every((h) => ["content-type", "accept", "anthropic-version"].includes(h)),
            Object.keys(e.request.headers).join(),
          ).toBe(true);

        // The same request again, the club as it was, every model call answered from the tape.
        await freshDb();
        paths.length = 0;
        const played = await turn(pattern, message, { userId, options: { tape: recorded.runId } });
        expect(
          paths.filter((p) => p.includes("/api/sim/")),
          "requests that reached a vendor",
        ).toEqual([]);
        expect(played.status).toBe("ok");
        expect(played.reply).toBe(recorded.reply);
      },
    );
  }
});

describe("forks through the live clients", () => {
  it(
    "a fork of a live Bedrock agent after its first exchange is refused with the reason, before any request reaches the agent",
    { timeout: 120_000 },
    async () => {
      await freshDb();
      const recorded = await turn("H", "Book court B tomorrow at 5pm", { userId: "live-forker" });
      expect(recorded.status).toBe("ok");
      const tape = JSON.parse((await downloadTape(recorded.runId, "live-forker")).text) as Tape;
      const at = tape.toolResults.find((t) => t.tool === "book_slot")!.afterSeq;
      expect(at).toBeGreaterThan(1);

      paths.length = 0;
      const fork = await planFork({
        runId: recorded.runId,
        userId: "live-forker",
        origin: "http://127.0.0.1:1",
        at,
        replace: { toolCalls: [{ name: "book_slot", args: { slot_id: "2026-12-02_CourtD_1700" } }] },
      });
      const events: TraceEvent[] = [];
      const outcome = await fork(new AbortController().signal, (e) => events.push(e));
      expect(outcome.status).toBe("error");
      expect(events.find((e) => e.type === "error")).toMatchObject({
        message: expect.stringContaining("A fork of a live Bedrock agent can only start at its first exchange of a new conversation"),
      });
      expect(events.filter((e) => e.type === "tool.result" && e.tool === "book_slot")).toEqual([]);
      expect(paths, "requests that reached the agent").toEqual([]);
    },
  );
});

describe("SIM_TAPE: the simulated model answers from a downloaded tape", () => {
  let file: string;
  let recordedReply: string;
  beforeAll(async () => {
    await freshDb();
    const recorded = await turn("D", "Book court D tomorrow at 8pm", { userId: "presenter", options: { vendors: { llm: "anthropic" } } });
    expect(recorded.status).toBe("ok");
    recordedReply = recorded.reply;
    file = path.join(mkdtempSync(path.join(tmpdir(), "tape-")), "workshop.json");
    writeFileSync(file, (await downloadTape(recorded.runId, "presenter")).text);
    // At the workshop: no keys, no network; the simulated vendors answer from the tape.
    for (const key of Object.keys(live)) delete process.env[key];
    Object.assign(process.env, { SIM_LATENCY: "off", SIM_TAPE: file });
    await freshDb();
  });
  afterAll(() => {
    delete process.env.SIM_TAPE;
  });

  it("replays the recorded behaviour on the simulated vendors, without consulting the simulated model", async () => {
    const sim = simCallCounter();
    const played = await turn("D", "Book court D tomorrow at 8pm", {
      userId: "audience",
      options: { vendors: { llm: "anthropic" } },
      script: {
        next: () => {
          sim.count();
          return { brain: true };
        },
      },
    });
    expect(played.events[0]).toMatchObject({ type: "run.start", vendors: { anthropic: "sim" } });
    expect(played.status).toBe("ok");
    expect(played.reply).toBe(recordedReply);
    expect(sim.calls()).toBe(0);
  });

  it("fails loudly on a request the tape does not hold, saying how the nearest recording differs", async () => {
    const played = await turn("D", "Book court D tomorrow at 9pm", { userId: "audience-2", options: { vendors: { llm: "anthropic" } } });
    expect(played.status).toBe("error");
    const error = played.events.find((e) => e.type === "error");
    expect(error?.type === "error" && error.message).toMatch(
      /No recorded exchange on the tape matches this anthropic\.messages request: nearest recording is exchange #1, which differs in 1 place: body\.messages\.0\.content: recorded \W{1,2}Book court D tomorrow at 8pm\W{1,3} now \W{1,2}Book court D tomorrow at 9pm/,
    );
  });
});
