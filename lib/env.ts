import { z } from "zod";

/**
 * Every setting the app reads, validated in one place. Read lazily so tests and scripts can set
 * process.env before first use; README "Settings" documents each one.
 */
const optionalText = z.string().trim().min(1).optional().catch(undefined);

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().trim().min(1).optional(),
  PGLITE_DIR: z.string().default(".data/pglite"),
  PLAYGROUND_NOW: z.iso.datetime({ offset: true, local: true }).optional(),
  CLUB_TIMEZONE: z.string().optional(),
  SESSION_SECRET: z.string().min(16).optional(),
  ALLOW_RESET: z.enum(["0", "1"]).optional(),
  SIM_LATENCY: z.enum(["on", "off"]).default("on"),
  STEP_HOLD_MS: z.coerce.number().int().positive().default(600_000),
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText,
  OPENAI_MODEL: z.string().default("gpt-4.1-mini"),
  ANTHROPIC_API_KEY: optionalText,
  ANTHROPIC_MODEL: z.string().default("claude-sonnet-4-6"),
  AWS_REGION: optionalText,
  AWS_ACCESS_KEY_ID: optionalText,
  AWS_SECRET_ACCESS_KEY: optionalText,
  AWS_SESSION_TOKEN: optionalText,
  AWS_PROFILE: optionalText,
  BEDROCK_MODEL_ID: z.string().default("global.anthropic.claude-haiku-4-5-20251001-v1:0"),
  BEDROCK_AGENT_ID: optionalText,
  BEDROCK_AGENT_ALIAS_ID: optionalText,
  SERVICE_PARSE_URL: optionalText,
  SERVICE_AVAILABILITY_URL: optionalText,
  SERVICE_BOOKING_URL: optionalText,
  SERVICE_AVAILABILITY_AGENT_URL: optionalText,
  SERVICE_BOOKING_AGENT_URL: optionalText,
});

export type Env = z.infer<typeof EnvSchema>;

const KEYS = Object.keys(EnvSchema.shape);
let cached: { fingerprint: string; env: Env } | undefined;

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
