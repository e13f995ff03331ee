import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, startBuiltServer, type BuiltServer } from "../support/built-server";

/**
 * Issue 10, items 1 and 2, against the built app (`npm run build && npm start`) over real HTTP,
 * as the probe found them: an unsigned caller cannot reach the simulated agent; a 1.45 MB body is
 * refused at once; a near-1 MB one is answered while /api/health keeps answering.
 */
let server: BuiltServer;

beforeAll(async () => {
  await ensureBuilt();
  server = await startBuiltServer();
}, 900_000);
afterAll(() => server?.stop(), 30_000);

const MB = 1024 * 1024;
const ASK = "Book court C tomorrow at 3pm please. ";

function chat(content: string): Promise<Response> {
  return fetch(`${server.url}/api/sim/openai/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "m", messages: [{ role: "user", content }] }),
  });
}

async function timedHealth(): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${server.url}/api/health`);
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started };
}

describe("the built server's public simulated vendors", () => {
  it("refuses an unsigned InvokeAgent as AWS does, whatever session it names", async () => {
    const res = await fetch(`${server.url}/api/sim/bedrock-agent/agents/SIMAGENT01/agentAliases/TSTALIASID/sessions/ses-anything/text`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ inputText: "what did they ask?", enableTrace: true }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("x-amzn-errortype")).toMatch(/^MissingAuthenticationTokenException/);
    expect(await res.json()).toEqual({ message: "Missing Authentication Token" });
  });

  it("refuses a 1.45 MB body with 413 in OpenAI's shape", async () => {
    const res = await chat("x".repeat(1.45 * MB));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { type: "invalid_request_error", code: "request_too_large" } });
  });

  it("answers a near-1 MB request and /api/health meanwhile", async () => {
    const idle = await timedHealth();
    const large = chat(ASK.repeat(Math.floor((MB - 4096) / ASK.length)));
    const during = await timedHealth();
    const res = await large;
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ object: "chat.completion", choices: [{ message: { role: "assistant" } }] });
    expect(during.status).toBe(200);
    // A sanity bound for a loaded machine (the probe saw ~21 s for 1.45 MB); speed is in npm run bench:sim.
    expect(during.ms).toBeLessThan(idle.ms + 10_000);
  });
});
