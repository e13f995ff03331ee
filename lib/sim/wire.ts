import { createHash } from "node:crypto";
import { env } from "@/lib/env";
import { CHAOS_HEADER, ChaosSchema, LATENCY_HEADER, LATENCY_SCALE, LATENCY_SCALE_HEADER, type Chaos } from "./chaos";

/** What every adapter knows about one request besides its body. */
export type SimContext = { chaos: Chaos; latency: boolean; signal: AbortSignal; latencyScale?: number };

export class SimRequestError extends Error {
  constructor(message: string, readonly status = 400) {
    super(message);
  }
}

export function simContext(req: Request): SimContext {
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
    if (!checked.success) throw new SimRequestError(`${CHAOS_HEADER}: ${checked.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
    chaos = checked.data;
  }
  const latency = (req.headers.get(LATENCY_HEADER) ?? env().SIM_LATENCY) === "on";
  const scale = Number(req.headers.get(LATENCY_SCALE_HEADER) ?? "1");
  if (!(scale >= LATENCY_SCALE.min && scale <= LATENCY_SCALE.max)) throw new SimRequestError(`${LATENCY_SCALE_HEADER} must be a number from ${LATENCY_SCALE.min} to ${LATENCY_SCALE.max}`);
  return { chaos, latency, signal: req.signal, latencyScale: scale };
}

export async function readJson(req: Request): Promise<Record<string, unknown>> {
  try {
    const body = JSON.parse(await req.text());
    if (body && typeof body === "object" && !Array.isArray(body)) return body;
  } catch {
    // reported below
  }
  throw new SimRequestError("The request body must be a JSON object.");
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

/** Seconds since the epoch as the club clock says; created/eventTime fields use it so outputs stay reproducible. */
export function unixSeconds(date: { toSeconds(): number }): number {
  return Math.floor(date.toSeconds());
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

  /** A hung upstream: waits until the client gives up (or a generous deadline passes). */
  hang(): Promise<void> {
    return sleep(TIMEOUT_MS, this.signal);
  }

  private wait(ms: number): Promise<void> {
    if (!this.ctx.latency) return this.signal.aborted ? Promise.reject(abortError()) : Promise.resolve();
    return sleep(ms * (this.ctx.latencyScale ?? 1), this.signal);
  }
}

function abortError(): Error {
  return new DOMException("The client aborted the request.", "AbortError");
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
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
export function streamResponse(frames: (signal: AbortSignal) => AsyncIterable<string | Uint8Array>, signal: AbortSignal, headers: Record<string, string>): Response {
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
export function sseResponse(events: (signal: AbortSignal) => AsyncIterable<SseEvent>, signal: AbortSignal, headers: Record<string, string> = {}): Response {
  async function* frames(stop: AbortSignal) {
    for await (const e of events(stop)) {
      const data = typeof e.data === "string" ? e.data : JSON.stringify(e.data);
      yield `${e.event ? `event: ${e.event}\n` : ""}data: ${data}\n\n`;
    }
  }
  return streamResponse(frames, signal, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no", ...headers });
}
