import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { z } from "zod";

/**
 * Every setting the app reads, validated in one place. Read lazily so tests and scripts can set
 * process.env before first use; README "Settings" documents each one.
 */
const optionalText = z.string().trim().min(1).optional().catch(undefined);

/** OTLP's `key=value,key2=value2` lists (headers, resource attributes), values percent-encoded. */
const keyValueList = z.preprocess(
  (text) => (typeof text === "string" && !text.trim() ? undefined : text),
  z
    .string()
    .transform((text) => text.split(",").map((pair) => pair.split(/=(.*)/s, 2).map((part) => part.trim())))
    .refine((pairs) => pairs.every(([key, value]) => key && value !== undefined), "expected key=value pairs separated by commas")
    .transform(
      (pairs) => Object.fromEntries(pairs.map(([key, value]) => [percentDecoded(key), percentDecoded(value)])) as Record<string, string>,
    )
    .optional(),
);

function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().trim().min(1).optional(),
  PGLITE_DIR: z.string().default(".data/pglite"),
  PLAYGROUND_NOW: z.iso.datetime({ offset: true, local: true }).optional(),
  CLUB_TIMEZONE: z.string().optional(),
  CLUB_LOCALE: z
    .string()
    .regex(/^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$/, "a language tag such as en-GB or en-US")
    .optional(),
  SESSION_SECRET: z.string().min(16).optional(),
  ALLOW_RESET: z.enum(["0", "1"]).optional(),
  SIM_LATENCY: z.enum(["on", "off"]).default("on"),
  SIM_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  SIM_TAPE: optionalText,
  // At most a day: a timer cannot wait past 2^31 ms, and one asked to fires at once, so a held run would read its gate in a loop.
  STEP_HOLD_MS: z.coerce
    .number()
    .int()
    .positive()
    .max(24 * 60 * 60 * 1000)
    .default(600_000),
  STEP_RUNS_PER_MEMBER: z.coerce.number().int().positive().default(3),
  STEP_RUNS_PER_ADDRESS: z.coerce.number().int().positive().default(20),
  STEP_RUNS_PER_SERVER: z.coerce.number().int().positive().default(100),
  RUN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(15_000),
  APPROVAL_TTL_MINUTES: z.coerce
    .number()
    .positive()
    .max(7 * 24 * 60)
    .default(15),
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText,
  OPENAI_MODEL: z.string().default("gpt-4.1-mini"),
  OPENAI_AGENTS_API: z.enum(["responses", "chat_completions"]).optional(),
  ANTHROPIC_API_KEY: optionalText,
  ANTHROPIC_MODEL: z.string().default("claude-sonnet-4-6"),
  AWS_REGION: optionalText,
  AWS_ACCESS_KEY_ID: optionalText,
  AWS_SECRET_ACCESS_KEY: optionalText,
  AWS_SESSION_TOKEN: optionalText,
  AWS_PROFILE: optionalText,
  AWS_SHARED_CREDENTIALS_FILE: optionalText,
  AWS_CONFIG_FILE: optionalText,
  AWS_WEB_IDENTITY_TOKEN_FILE: optionalText,
  AWS_ROLE_ARN: optionalText,
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: optionalText,
  AWS_CONTAINER_CREDENTIALS_FULL_URI: optionalText,
  BEDROCK_MODEL_ID: z.string().default("global.anthropic.claude-haiku-4-5-20251001-v1:0"),
  BEDROCK_AGENT_ID: optionalText,
  BEDROCK_AGENT_ALIAS_ID: optionalText,
  PORT: z.coerce.number().int().min(1).max(65535).optional().catch(undefined),
  APP_ORIGIN: z
    .url({ protocol: /^https?$/ })
    .transform((u) => new URL(u).origin)
    .optional(),
  ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((list) =>
      list
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin))),
  TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  RATE_LIMIT_MEMBER_PER_MIN: z.coerce.number().int().min(0).default(30),
  RATE_LIMIT_ADDRESS_PER_MIN: z.coerce.number().int().min(0).default(600),
  RATE_LIMIT_IDENTITY_PER_MIN: z.coerce.number().int().min(0).default(120),
  RETENTION_DAYS: z.coerce.number().min(0).max(3650).default(7),
  EVAL_MAX_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(15),
  SERVICE_PARSE_URL: optionalText,
  SERVICE_AVAILABILITY_URL: optionalText,
  SERVICE_BOOKING_URL: optionalText,
  SERVICE_AVAILABILITY_AGENT_URL: optionalText,
  SERVICE_BOOKING_AGENT_URL: optionalText,
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .literal("")
    .transform(() => undefined)
    .or(z.url({ protocol: /^https?$/ }))
    .optional(),
  OTEL_EXPORTER_OTLP_HEADERS: keyValueList,
  OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(["http/protobuf", "http/json"]).default("http/protobuf"),
  OTEL_EXPORTER_OTLP_TIMEOUT: z.coerce.number().int().positive().default(10_000),
  OTEL_BSP_MAX_QUEUE_SIZE: z.coerce.number().int().positive().default(2048),
  OTEL_SERVICE_NAME: z.string().trim().min(1).default("control-spectrum-playground"),
  OTEL_RESOURCE_ATTRIBUTES: keyValueList,
  OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: z.stringbool().default(false),
});

export type Env = z.infer<typeof EnvSchema>;

const KEYS = Object.keys(EnvSchema.shape);
let cached: { fingerprint: string; env: Env } | undefined;

/** Where this app's own routes are reached from the server itself (C and G's services): configuration, never a request's Host. */
export function appOrigin(): string {
  const { APP_ORIGIN, PORT } = env();
  return APP_ORIGIN ?? `http://127.0.0.1:${PORT ?? 3000}`;
}

/** The validated settings; parsed again only when one of them changed (tests and scripts set them late). */
export function env(): Env {
  const fingerprint = KEYS.map((key) => process.env[key] ?? "\u0000").join("\u0001");
  if (cached?.fingerprint === fingerprint) return cached.env;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${issues}`);
  }
  cached = { fingerprint, env: parsed.data };
  return parsed.data;
}

export type AwsCredentialSource = "environment" | "profile" | "web-identity" | "container";

/**
 * Where the AWS SDK's default credential chain would find credentials, checked cheaply and without
 * the network, from the same sources in the SDK's order: access keys in the environment (skipped
 * when AWS_PROFILE is set, as the SDK does), the profile (AWS_PROFILE or "default") in the shared
 * credentials or config file with keys, a role, SSO, a credential process or a web identity token
 * file, then a web identity token (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN: EKS), then container
 * credentials (AWS_CONTAINER_CREDENTIALS_*: ECS, EKS Pod Identity). The EC2 instance role is the
 * one source this cannot see without a call to the instance metadata service; a profile with
 * `credential_source = Ec2InstanceMetadata` makes it visible. undefined: the SDK would find none.
 */
export function awsCredentialSource(e: Env = env()): AwsCredentialSource | undefined {
  if (!e.AWS_PROFILE && e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY) return "environment";
  if (profileHasCredentials(e)) return "profile";
  if (e.AWS_WEB_IDENTITY_TOKEN_FILE && e.AWS_ROLE_ARN) return "web-identity";
  if (e.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || e.AWS_CONTAINER_CREDENTIALS_FULL_URI) return "container";
  return undefined;
}

/** Keys of a profile that give the SDK credentials (static, assumed role, SSO, process, web identity). */
const PROFILE_CREDENTIAL_KEYS = [
  "aws_access_key_id",
  "role_arn",
  "sso_session",
  "sso_start_url",
  "credential_process",
  "web_identity_token_file",
];

function profileHasCredentials(e: Env): boolean {
  const name = e.AWS_PROFILE ?? "default";
  const home = homedir();
  const files: [file: string, sections: string[]][] = [
    [e.AWS_SHARED_CREDENTIALS_FILE ?? path.join(home, ".aws", "credentials"), [name]],
    [e.AWS_CONFIG_FILE ?? path.join(home, ".aws", "config"), name === "default" ? ["default", "profile default"] : [`profile ${name}`]],
  ];
  return files.some(([file, sections]) =>
    sections.some((section) => iniSection(file, section).some((key) => PROFILE_CREDENTIAL_KEYS.includes(key))),
  );
}

/** The keys set in one [section] of an AWS ini file; none when the file or section is missing. */
function iniSection(file: string, section: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  const keys: string[] = [];
  let inside = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (header) inside = header[1].replace(/\s+/g, " ") === section;
    else if (inside && /^[\w-]+\s*=\s*\S/.test(line)) keys.push(line.split("=")[0].trim().toLowerCase());
  }
  return keys;
}
