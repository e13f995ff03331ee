import { describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "secrets-test-secret-long-enough";
const SECRETS = {
  OPENAI_API_KEY: "sk-test-openai-9f8e7d6c5b4a",
  ANTHROPIC_API_KEY: "sk-ant-test-1a2b3c4d5e6f",
  AWS_ACCESS_KEY_ID: "AKIATESTKEYID000001",
  AWS_SECRET_ACCESS_KEY: "aws-secret-test-0000111122223333",
};
Object.assign(process.env, SECRETS, { AWS_REGION: "eu-central-1" });
import * as chat from "@/app/api/chat/route";
import * as health from "@/app/api/health/route";
import * as patterns from "@/app/api/patterns/route";
import * as run from "@/app/api/runs/[id]/route";
import { SESSION_COOKIE } from "@/lib/http/session";
import { sign } from "@/lib/signing";
import { freshDb } from "./helpers";

const noParams = { params: Promise.resolve({}) } as never;
const leaked = (text: string) => Object.values(SECRETS).filter((secret) => text.includes(secret));

describe("secrets stay on the server", () => {
  it("shows vendors as live without ever sending a key: health, patterns, a run's stream and its stored events", async () => {
    await freshDb();
    const healthText = await (await health.GET(new Request("http://club.test/api/health"), noParams)).text();
    expect(JSON.parse(healthText).vendors).toEqual({ openai: "live", anthropic: "live", bedrock: "live", "bedrock-agent": "sim" });
    expect(leaked(healthText)).toEqual([]);
    expect(leaked(await (await patterns.GET(new Request("http://club.test/api/patterns"), noParams)).text())).toEqual([]);

    // Forced to the sim so no request leaves the machine; the clients are still built with the keys.
    const body = JSON.stringify({ pattern: "D", message: "Book court B tomorrow at 3pm", options: { forceSim: true } });
    const stream = await (
      await chat.POST(
        new Request("http://club.test/api/chat", {
          method: "POST",
          body,
          headers: { "content-type": "application/json", cookie: `${SESSION_COOKIE}=${sign("keeper")}` },
        }),
        noParams,
      )
    ).text();
    expect(stream).toMatch(/"type":"run.end","status":"ok"/);
    expect(leaked(stream)).toEqual([]);
    const runId = JSON.parse(stream.split("\n\n")[0].slice("data: ".length)).runId;
    const stored = await (
      await run.GET(new Request(`http://club.test/api/runs/${runId}`), { params: Promise.resolve({ id: runId }) })
    ).text();
    expect(JSON.parse(stored).events.length).toBeGreaterThan(5);
    expect(leaked(stored)).toEqual([]);
  });
});
