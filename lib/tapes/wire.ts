import { Readable, Transform, pipeline } from "node:stream";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/core/serde";
import type { Exchange, Frame } from "./format";

/**
 * The bytes of one exchange: what the tape keeps of a request and a response (secrets left out,
 * streams as frames with their timing), and how a recorded response is put back on the wire.
 */
export type WireCall = { method: string; url: string; headers: Record<string, string>; body: string; signal?: AbortSignal };
/** A reply's body: a web stream (fetch, for OpenAI and Anthropic) or a Node stream (the AWS clients' handler). */
export type WireReply = { status: number; headers: Record<string, string>; body: ReadableStream<Uint8Array> | Readable | null };
export type Chunk = { t: number; bytes: Uint8Array };

// Only these request headers are kept: an allow-list, so a key under any header name never lands on a tape.
const REQUEST_HEADERS = new Set([
  "content-type",
  "accept",
  "anthropic-version",
  "anthropic-beta",
  "openai-beta",
  "x-amzn-bedrock-accept",
  "x-amzn-bedrock-content-type",
]);
const RESPONSE_HEADERS = new Set(["content-type", "x-amzn-errortype", "retry-after"]);
// Query parameters that may carry credentials (Azure's api-key, presigned URLs) are dropped from the URL.
const SECRET_QUERY = /key|token|signature|credential|secret|auth/i;

export function keptHeaders(headers: Record<string, string>, allowed: "request" | "response"): Record<string, string> {
  const allow = allowed === "request" ? REQUEST_HEADERS : RESPONSE_HEADERS;
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([k]) => allow.has(k.toLowerCase()))
      .map(([k, v]) => [k.toLowerCase(), v]),
  );
}

export function keptUrl(url: string): string {
  const u = new URL(url);
  for (const name of [...u.searchParams.keys()]) if (SECRET_QUERY.test(name)) u.searchParams.delete(name);
  u.username = "";
  u.password = "";
  return u.toString();
}

export function parsedBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Passes a body through unchanged, in the kind of stream it came in, while noting each chunk and when it came. */
export function tapped<B extends ReadableStream<Uint8Array> | Readable>(body: B, started: number, chunks: Chunk[]): B {
  const note = (bytes: Uint8Array) => chunks.push({ t: Math.round((performance.now() - started) * 10) / 10, bytes });
  if (body instanceof Readable) {
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        note(chunk);
        done(null, chunk);
      },
    });
    // pipeline, not pipe: a failing body fails the tap, and a consumer giving up ends the body.
    return pipeline(body, tap, () => undefined) as unknown as B;
  }
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done: ended } = await reader.read();
        if (ended) {
          controller.close();
          return;
        }
        note(value);
        controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  }) as B;
}

const isEventStream = (headers: Record<string, string>) => (headers["content-type"] ?? "").includes("application/vnd.amazon.eventstream");

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const decoder = () => new TextDecoder();

/** The recorded response: a stream as frames, anything else as its (JSON) body. */
export function recordedResponse(status: number, headers: Record<string, string>, chunks: Chunk[]): Exchange["response"] {
  const type = headers["content-type"] ?? "";
  if (type.includes("text/event-stream")) return { status, headers, frames: sseFrames(chunks) };
  if (isEventStream(headers)) return { status, headers, frames: eventStreamFrames(chunks) };
  const text = decoder().decode(concat(chunks.map((c) => c.bytes)));
  return { status, headers, body: text ? parsedBody(text) : undefined };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function sseFrames(chunks: Chunk[]): Frame[] {
  const frames: Frame[] = [];
  const text = decoder();
  let buffer = "";
  for (const chunk of chunks) {
    buffer += text.decode(chunk.bytes, { stream: true }).replaceAll("\r\n", "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: ?(.*)$/m.exec(block)?.[1];
      const data = block
        .split("\n")
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).replace(/^ /, ""))
        .join("\n");
      if (event === undefined && !data) continue;
      frames.push({ t: chunk.t, ...(event !== undefined ? { event } : {}), data: parsedBody(data) });
    }
  }
  return frames;
}

function eventStreamFrames(chunks: Chunk[]): Frame[] {
  const frames: Frame[] = [];
  let buffer: Uint8Array = new Uint8Array(0);
  for (const chunk of chunks) {
    buffer = concat([buffer, chunk.bytes]);
    while (buffer.length >= 4) {
      const length = new DataView(buffer.buffer, buffer.byteOffset).getUint32(0);
      if (buffer.length < length) break;
      const message = codec.decode(buffer.subarray(0, length));
      buffer = buffer.subarray(length);
      const headers = Object.fromEntries(Object.entries(message.headers).map(([k, h]) => [k, String(h.value)]));
      frames.push({ t: chunk.t, headers, body: parsedBody(toUtf8(message.body)) });
    }
  }
  return frames;
}

/** A recorded response back on the wire, byte for byte in its protocol's framing (at once: replays do not wait). */
export function replayedReply(response: Exchange["response"]): WireReply {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = response.frames
    ? response.frames.map((f) =>
        f.headers
          ? codec.encode({
              headers: Object.fromEntries(Object.entries(f.headers).map(([k, v]) => [k, { type: "string" as const, value: v }])),
              body: fromUtf8(typeof f.body === "string" ? f.body : JSON.stringify(f.body)),
            })
          : encoder.encode(
              `${f.event !== undefined ? `event: ${f.event}\n` : ""}data: ${typeof f.data === "string" ? f.data : JSON.stringify(f.data)}\n\n`,
            ),
      )
    : response.body === undefined
      ? []
      : [encoder.encode(typeof response.body === "string" ? response.body : JSON.stringify(response.body))];
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
  return { status: response.status, headers: response.headers, body };
}
