import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { awsCredentialSource, env } from "@/lib/env";
import { createClients, vendorModes } from "@/lib/llm";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe("settings", () => {
  it("sees a setting changed after first use, and keeps answering the same object while nothing changes", () => {
    process.env.SIM_LATENCY = "on";
    const first = env();
    expect(first.SIM_LATENCY).toBe("on");
    expect(env()).toBe(first);
    process.env.SIM_LATENCY = "off";
    expect(env().SIM_LATENCY).toBe("off");
    delete process.env.SIM_LATENCY;
    expect(env().SIM_LATENCY).toBe("on");
  });

  it("names the setting that is wrong, every time until it is fixed", () => {
    process.env.LLM_MAX_RETRIES = "lots";
    expect(() => env()).toThrow(/Invalid environment: LLM_MAX_RETRIES/);
    expect(() => env()).toThrow(/LLM_MAX_RETRIES/);
    process.env.LLM_MAX_RETRIES = "3";
    expect(env().LLM_MAX_RETRIES).toBe(3);
  });

  it("refuses a step-mode hold longer than a day, which no timer could wait for", () => {
    process.env.STEP_HOLD_MS = String(2 ** 31);
    expect(() => env()).toThrow(/STEP_HOLD_MS/);
    process.env.STEP_HOLD_MS = String(24 * 60 * 60 * 1000);
    expect(env().STEP_HOLD_MS).toBe(86_400_000);
  });
});

describe("AWS credentials, found where the SDK's default chain looks", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "aws-"));
  const file = (name: string, text: string) => {
    const at = path.join(dir, name);
    writeFileSync(at, text);
    return at;
  };
  beforeEach(() => {
    for (const key of Object.keys(process.env)) if (key.startsWith("AWS_") || key.startsWith("BEDROCK_")) delete process.env[key];
    // No profile files but the ones a test writes, whatever the machine's home holds.
    Object.assign(process.env, { AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "none"), AWS_CONFIG_FILE: path.join(dir, "none") });
  });

  it("finds none when nothing is set", () => {
    expect(awsCredentialSource()).toBeUndefined();
  });

  it("finds access keys in the environment, unless AWS_PROFILE takes over (as in the SDK)", () => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: "AKIAENV", AWS_SECRET_ACCESS_KEY: "secret" });
    expect(awsCredentialSource()).toBe("environment");
    process.env.AWS_PROFILE = "missing";
    expect(awsCredentialSource()).toBeUndefined();
  });

  it("finds a profile with keys, a role, SSO or a credential process in the shared files", () => {
    process.env.AWS_SHARED_CREDENTIALS_FILE = file("credentials", "[default]\naws_access_key_id = AKIA1\naws_secret_access_key = s\n");
    expect(awsCredentialSource()).toBe("profile");
    process.env.AWS_PROFILE = "club";
    expect(awsCredentialSource()).toBeUndefined();
    process.env.AWS_CONFIG_FILE = file(
      "config",
      "[default]\nregion = eu-west-1\n\n[profile club]\nrole_arn = arn:aws:iam::1:role/club\nsource_profile = default\n",
    );
    expect(awsCredentialSource()).toBe("profile");
    process.env.AWS_CONFIG_FILE = file("config-sso", "[profile club]\nsso_session = corp\n");
    expect(awsCredentialSource()).toBe("profile");
    process.env.AWS_CONFIG_FILE = file("config-region-only", "[profile club]\nregion = eu-west-1\n");
    expect(awsCredentialSource()).toBeUndefined();
  });

  it("finds a web identity token (EKS) and container credentials (ECS)", () => {
    Object.assign(process.env, { AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/secrets/token", AWS_ROLE_ARN: "arn:aws:iam::1:role/club" });
    expect(awsCredentialSource()).toBe("web-identity");
    delete process.env.AWS_ROLE_ARN;
    expect(awsCredentialSource()).toBeUndefined();
    process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI = "/v2/credentials/abc";
    expect(awsCredentialSource()).toBe("container");
  });

  it("says Bedrock is live with credentials and a region, H's agent only with an agent to invoke too", () => {
    Object.assign(process.env, { AWS_REGION: "eu-central-1", AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://169.254.170.23/v1/credentials" });
    expect(vendorModes()).toMatchObject({ bedrock: "live", "bedrock-agent": "sim" });
    expect(createClients().agent.mode).toBe("sim");
    Object.assign(process.env, { BEDROCK_AGENT_ID: "AGENT1", BEDROCK_AGENT_ALIAS_ID: "ALIAS1" });
    expect(vendorModes()).toMatchObject({ bedrock: "live", "bedrock-agent": "live" });
    expect(createClients().modes).toMatchObject({ bedrock: "live", "bedrock-agent": "live" });
    expect(createClients({ forceSim: { bedrock: true } }).modes).toMatchObject({ bedrock: "sim", "bedrock-agent": "sim" });
  });

  it("leaves retries to the app: the live AWS clients make one attempt per call", async () => {
    Object.assign(process.env, {
      AWS_REGION: "eu-central-1",
      AWS_ACCESS_KEY_ID: "AKIAENV",
      AWS_SECRET_ACCESS_KEY: "secret",
      BEDROCK_AGENT_ID: "AGENT1",
      BEDROCK_AGENT_ALIAS_ID: "ALIAS1",
    });
    const clients = createClients();
    expect(clients.agent.mode).toBe("live");
    expect(await clients.bedrockAgent.config.maxAttempts()).toBe(1);
    expect(await clients.bedrock.config.maxAttempts()).toBe(1);
  });
});
