import { createHash } from "node:crypto";
import type { Exchange, Protocol } from "./format";

/**
 * A request as the tape matches it: the protocol, the model and the body, with volatile ids
 * (tool call ids, sessions, invocations, bookings) written as "<id>". Headers never count: SigV4's
 * authorization and x-amz-date change on every call.
 */
const PROTOCOLS: [RegExp, Protocol][] = [
  [/\/chat\/completions$/, "openai.chat"],
  [/\/responses$/, "openai.responses"],
  [/\/v1\/messages$/, "anthropic.messages"],
  [/\/model\/[^/]+\/converse-stream$/, "bedrock.converse-stream"],
  [/\/model\/[^/]+\/converse$/, "bedrock.converse"],
  [/\/agents\/[^/]+\/agentAliases\/[^/]+\/sessions\/[^/]+\/text$/, "bedrock-agent.invoke"],
];

export function protocolOf(url: string): Protocol | undefined {
  const path = new URL(url).pathname;
  return PROTOCOLS.find(([pattern]) => pattern.test(path))?.[1];
}

const VOLATILE_KEYS = new Set([
  "id",
  "tool_call_id",
  "tool_use_id",
  "toolUseId",
  "call_id",
  "invocationId",
  "sessionId",
  "previous_response_id",
  "response_id",
  "metadata",
  "user",
]);
// Ids the vendors, the database and the app mint afresh on every run, wherever they appear in text.
const VOLATILE_TEXT =
  /\b(?:(?:call|toolu|tooluse|fc|resp|msg|run|ses|sbx|chatcmpl)_[\w-]{6,}|c[a-z0-9]{24}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/g;

function stable(value: unknown): unknown {
  if (typeof value === "string") return stringValue(value);
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) if (!VOLATILE_KEYS.has(key)) out[key] = stable((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** JSON inside a string (tool arguments, tool results) is compared as JSON, so key order and ids inside it do not count either. */
function stringValue(text: string): unknown {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return { json: stable(JSON.parse(text)) };
    } catch {
      // Not JSON after all: compared as text.
    }
  }
  return text.replace(VOLATILE_TEXT, "<id>");
}

export function canonicalRequest(protocol: Protocol, url: string, body: unknown): Record<string, unknown> {
  const path = new URL(url).pathname;
  const model = /\/model\/([^/]+)\//.exec(path)?.[1];
  return { protocol, ...(model ? { model: decodeURIComponent(model) } : {}), body: stable(body) };
}

/** A hash of any value compared the way requests are (tool arguments): key order and volatile ids left out. */
export function valueHash(value: unknown): string {
  return hashOf(stable(value));
}

export function hashOf(canonical: unknown): string {
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex").slice(0, 32);
}

function leaves(value: unknown, path: string, out: Map<string, string>): Map<string, string> {
  if (value && typeof value === "object") {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    if (!entries.length) out.set(path, JSON.stringify(value));
    for (const [k, v] of entries) leaves(v, path ? `${path}.${k}` : k, out);
  } else out.set(path, JSON.stringify(value));
  return out;
}

const clip = (text: string | undefined) => (text === undefined ? "(absent)" : text.length > 90 ? `${text.slice(0, 87)}…` : text);

/** How a request differs from the nearest recording, in a few readable lines; null when nothing was recorded to compare with. */
export function nearestDifference(canonical: Record<string, unknown>, recorded: Exchange[]): string | null {
  if (!recorded.length) return null;
  const now = leaves(canonical, "", new Map());
  let best: { seq: number; diffs: string[] } | undefined;
  for (const exchange of recorded) {
    const then = leaves(canonicalRequest(exchange.protocol, exchange.request.url, exchange.request.body), "", new Map());
    const diffs = [...new Set([...now.keys(), ...then.keys()])]
      .filter((k) => now.get(k) !== then.get(k))
      .map((k) => `${k}: recorded ${clip(then.get(k))}, now ${clip(now.get(k))}`);
    if (!best || diffs.length < best.diffs.length) best = { seq: exchange.seq, diffs };
  }
  const shown = best!.diffs.slice(0, 6);
  return `nearest recording is exchange #${best!.seq}, which differs in ${best!.diffs.length} place${best!.diffs.length === 1 ? "" : "s"}: ${shown.join("; ")}${best!.diffs.length > shown.length ? "; …" : ""}`;
}
