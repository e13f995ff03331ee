import { createHash } from "node:crypto";
import { env } from "@/lib/env";
import type { z } from "zod";
import { CHAOS_HEADER, ChaosSchema, LATENCY_HEADER, LATENCY_SCALE, LATENCY_SCALE_HEADER, type Chaos, type FaultCounter } from "./chaos";
import { scriptOf, type ModelScript } from "./script";
import type { AgentSessionStore } from "./sessions";

/**
 * One simulated service: the state it keeps between requests and the bounds it enforces. The app's
 * own clients reach one in-process; the public /api/sim routes serve another, so nothing reachable
 * over HTTP shares state with the app's runs.
 */
export type SimService = {
  exposure: "in-process" | "public";
  faults: FaultCounter;
  agentSessions: AgentSessionStore;
  /** Larger request bodies are refused (413) while they are read. */
  maxBodyBytes: number;
  /** The most a request may wait in modelled latency, slowModel and timeout faults included. */
  maxWaitMs: number;
  /** The whole request body must arrive within this time (408). */
  bodyTimeoutMs: number;
};

/** What every adapter knows about one request besides its body. */
export type SimContext = {
  chaos: Chaos;
  latency: boolean;
  signal: AbortSignal;
  service: SimService;
  /** Who is calling, from the credentials the request carries ("" when none or in-process): faults are counted per caller. */
  caller: string;
  /** Modelled waiting this request may still do. */
  waitBudget: { ms: number };
  /** Slow motion: modelled latency times this (0.5–5). */
  latencyScale: number;
  /** A test's scripted moves for this run, instead of the brain (in-process only). */
  script?: ModelScript;
};

/** A request the simulated vendor refuses; each adapter renders it in its vendor's error shape. */
export class SimRequestError extends Error {
  constructor(
    message: string,
    readonly status = 400,
    /** Where in the body the problem is (e.g. "messages.0.content"), or the vendor's error type when `status` says it is no body problem. */
    readonly detail: { param?: string; type?: string } = {},
  ) {
    super(message);
  }
}

export function simContext(req: Request, service: SimService): SimContext {
  let chaos: Chaos = {};
  const raw = req.headers.get(CHAOS_HEADER);
  if (raw) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new SimRequestError(`${CHAOS_HEADER} is not JSON`);
    }
    const checked = ChaosSchema.safeParse(parsed);
    if (!checked.success)
      throw new SimRequestError(`${CHAOS_HEADER}: ${checked.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
    chaos = checked.data;
  }
  const latency = (req.headers.get(LATENCY_HEADER) ?? env().SIM_LATENCY) === "on";
  const latencyScale = Number(req.headers.get(LATENCY_SCALE_HEADER) ?? "1");
  if (!(latencyScale >= LATENCY_SCALE.min && latencyScale <= LATENCY_SCALE.max))
    throw new SimRequestError(`${LATENCY_SCALE_HEADER} must be a number from ${LATENCY_SCALE.min} to ${LATENCY_SCALE.max}`);
  // In-process every caller is the app itself, and "fail the first N calls" spans a run's vendors.
  const caller = service.exposure === "public" ? callerOf(req) : "";
  const script = service.exposure === "in-process" ? scriptOf(chaos.runId) : undefined;
  return { chaos, latency, signal: req.signal, service, caller, waitBudget: { ms: service.maxWaitMs }, script, latencyScale };
}

/** The caller's identity as the vendors see it: the AWS access key id, or a digest of the API key. */
function callerOf(req: Request): string {
  const aws = awsAccessKeyId(req);
  if (aws) return `aws:${aws}`;
  const key = req.headers.get("x-api-key") ?? /^Bearer\s+(.+)$/i.exec(req.headers.get("authorization") ?? "")?.[1];
  return key ? `key:${hashOf(key).slice(0, 32)}` : "";
}

/** The access key id a SigV4-signed request names in its Authorization header. */
export function awsAccessKeyId(req: Request): string | undefined {
  return /^AWS4-HMAC-SHA256\s+Credential=([A-Za-z0-9]{1,128})\//.exec(req.headers.get("authorization") ?? "")?.[1];
}

/**
 * Reads a JSON object body, refusing a non-JSON content type (415) and anything larger than the
 * service allows (413): by its declared length at once, else by counting bytes as they arrive.
 */
export async function readJson(req: Request, ctx: SimContext): Promise<unknown> {
  const type = req.headers.get("content-type");
  if (type && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(type.trim()))
    throw new SimRequestError(`Unsupported content type "${clipForMessage(type)}": send application/json.`, 415);
  const limit = ctx.service.maxBodyBytes;
  if (Number(req.headers.get("content-length") ?? 0) > limit) throw tooLarge(limit);
  let text: string;
  try {
    text = await readLimited(req, limit, ctx.service.bodyTimeoutMs);
  } catch (error) {
    if (error instanceof SimRequestError) throw error;
    throw new SimRequestError("The request body could not be read.");
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new SimRequestError("We could not parse the JSON body of your request: it is not valid JSON.");
  }
  if (nestedDeeperThan(body, MAX_JSON_DEPTH)) throw new SimRequestError(`The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  return body;
}

/** Deeper bodies are refused: serialising them again (ids, traces) would overflow the stack. */
const MAX_JSON_DEPTH = 64;

function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

async function readLimited(req: Request, limit: number, timeoutMs: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  let late = false;
  const timer = Number.isFinite(timeoutMs)
    ? setTimeout(() => {
        late = true;
        reader.cancel().catch(() => undefined);
      }, timeoutMs)
    : undefined;
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (late)
        throw new SimRequestError(`The request body did not arrive within ${timeoutMs / 1000} s.`, 408, {
          type: "RequestTimeoutException",
        });
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(limit);
      }
      parts.push(value);
    }
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(parts).toString("utf8");
}

function tooLarge(limit: number): SimRequestError {
  return new SimRequestError(`Request bodies are limited to ${limit} bytes.`, 413);
}

function clipForMessage(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** Validates a request body against the adapter's schema; the first problem names its place in the body. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const checked = schema.safeParse(body);
  if (checked.success) return checked.data;
  const issue = checked.error.issues[0];
  const param = issue.path.map(String).join(".");
  throw new SimRequestError(issue.message, 400, { param: param || undefined });
}

/** Rough but stable: about four characters per token, as vendors' own rules of thumb say. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** A vendor-looking id derived from the request, so the same request always gets the same ids. */
export function makeId(prefix: string, seed: string, index = 0, length = 24): string {
  const digest = createHash("sha256").update(`${seed}#${index}`).digest("base64url").replace(/[-_]/g, "");
  return prefix + digest.slice(0, length);
}

export function hashOf(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** When this simulated vendor started; the club's clock is not the model's to read. */
const STARTED = Math.floor(Date.now() / 1000);

/** The `created` stamp: the vendor's start time, so identical requests still get byte-identical answers. */
export function unixSeconds(): number {
  return STARTED;
}

// Latency model: a fixed time to first token that grows a little with the prompt, then a steady token rate.
const FIRST_TOKEN_MS = 300;
const PROMPT_MS_PER_TOKEN = 0.05;
const TOKENS_PER_SECOND = 80;
const SLOW_FACTOR = 5;
const TIMEOUT_MS = 30_000;

/** Paces one model turn: the wait before the first token, then the time each piece of output takes to "generate". */
export class Pace {
  constructor(
    private readonly ctx: SimContext,
    private readonly signal: AbortSignal = ctx.signal,
  ) {}

  private get factor(): number {
    return this.ctx.chaos.slowModel ? SLOW_FACTOR : 1;
  }

  firstToken(promptTokens: number): Promise<void> {
    return this.wait(this.firstTokenMs(promptTokens));
  }

  output(text: string): Promise<void> {
    return this.wait(this.outputMs(text));
  }

  /** A whole non-streamed turn. */
  turn(promptTokens: number, output: string): Promise<void> {
    return this.wait(this.turnMs(promptTokens, output));
  }

  /** What the turn costs in the model, whether or not latency is switched on (vendors report it). */
  turnMs(promptTokens: number, output: string): number {
    return Math.round(this.firstTokenMs(promptTokens) + this.outputMs(output));
  }

  private firstTokenMs(promptTokens: number): number {
    return (FIRST_TOKEN_MS + promptTokens * PROMPT_MS_PER_TOKEN) * this.factor;
  }

  private outputMs(text: string): number {
    return ((estimateTokens(text) * 1000) / TOKENS_PER_SECOND) * this.factor;
  }

  /** A hung upstream: waits until the client gives up (or the request's waiting budget runs out). */
  hang(): Promise<void> {
    return this.pause(this.spend(TIMEOUT_MS));
  }

  private wait(ms: number): Promise<void> {
    return this.pause(this.ctx.latency ? this.spend(ms * this.ctx.latencyScale) : 0);
  }

  private pause(ms: number): Promise<void> {
    if (ms <= 0) return this.signal.aborted ? Promise.reject(abortError()) : Promise.resolve();
    return sleep(ms, this.signal);
  }

  /** Takes `ms` from the request's waiting budget; what is left of it once that is spent. */
  private spend(ms: number): number {
    const granted = Math.max(0, Math.min(ms, this.ctx.waitBudget.ms));
    this.ctx.waitBudget.ms -= granted;
    return granted;
  }
}

function abortError(): Error {
  return new DOMException("The client aborted the request.", "AbortError");
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Splits output into the several deltas a real stream would carry: a few words each, whitespace kept. */
export function chunks(text: string, wordsPerChunk = 3): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  const out: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerChunk) out.push(words.slice(i, i + wordsPerChunk).join(""));
  return out.length ? out : [text];
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/**
 * The one streaming writer: pulls frames from a generator only as fast as the client reads, and
 * stops the generator (and any sleep inside it) when the client aborts or cancels the body.
 */
export function streamResponse(
  frames: (signal: AbortSignal) => AsyncIterable<string | Uint8Array>,
  signal: AbortSignal,
  headers: Record<string, string>,
): Response {
  const cancelled = new AbortController();
  const stop = AbortSignal.any([signal, cancelled.signal]);
  const iterator = frames(stop)[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) return controller.close();
        controller.enqueue(typeof next.value === "string" ? encoder.encode(next.value) : next.value);
      } catch (error) {
        controller.error(error);
      }
    },
    cancel() {
      cancelled.abort();
    },
  });
  return new Response(body, { status: 200, headers });
}

export type SseEvent = { event?: string; data: unknown };

/** Server-sent events as the vendors frame them: optional `event:` line, one `data:` line, blank line. */
export function sseResponse(
  events: (signal: AbortSignal) => AsyncIterable<SseEvent>,
  signal: AbortSignal,
  headers: Record<string, string> = {},
): Response {
  async function* frames(stop: AbortSignal) {
    for await (const e of events(stop)) {
      const data = typeof e.data === "string" ? e.data : JSON.stringify(e.data);
      yield `${e.event ? `event: ${e.event}\n` : ""}data: ${data}\n\n`;
    }
  }
  return streamResponse(frames, signal, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
    "x-accel-buffering": "no",
    ...headers,
  });
}
