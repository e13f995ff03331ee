import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { HttpResponse, type HttpHandler, type HttpRequest } from "@smithy/core/protocols";
import type { HttpHandlerOptions } from "@smithy/types";
import type { Vendor } from "@/lib/trace/events";
import type { TapeDeck } from "./deck";
import type { WireReply } from "./wire";

/**
 * The deck on the two transports the vendor SDKs use: a fetch for OpenAI and Anthropic, a Smithy
 * request handler for the AWS clients. Written once here, so every pattern's calls are on tape.
 */
type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export function tapeFetch(deck: TapeDeck, vendor: Vendor, inner: Fetch): Fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const body = typeof init?.body === "string" ? init.body : request ? await request.clone().text() : "";
    const headers = Object.fromEntries(new Headers(init?.headers ?? request?.headers));
    const url = request ? request.url : String(input);
    const reply = await deck.exchange(
      vendor,
      { method: init?.method ?? request?.method ?? "GET", url, headers, body, signal: init?.signal ?? request?.signal },
      async () => {
        const res = await inner(input, init);
        return { status: res.status, headers: Object.fromEntries(res.headers), body: res.body };
      },
    );
    const answer = reply.body instanceof Readable ? (Readable.toWeb(reply.body) as ReadableStream<Uint8Array>) : reply.body;
    return new Response(answer, { status: reply.status, headers: reply.headers });
  };
}

export class TapeHttpHandler implements HttpHandler {
  constructor(
    private readonly deck: TapeDeck,
    private readonly vendor: Vendor,
    private readonly inner: HttpHandler,
  ) {}

  async handle(request: HttpRequest, options: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(request.query ?? {})) for (const value of [v ?? ""].flat()) query.append(k, value);
    const url = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ""}${request.path}${query.size ? `?${query}` : ""}`;
    const body =
      typeof request.body === "string" ? request.body : request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : "";
    const signal = options.abortSignal instanceof AbortSignal ? options.abortSignal : undefined;
    const reply = await this.deck.exchange(
      this.vendor,
      { method: request.method, url, headers: request.headers, body, signal },
      async (): Promise<WireReply> => {
        const { response } = await this.inner.handle(request, options);
        const raw = response.body as unknown;
        const body = raw instanceof Readable || raw instanceof ReadableStream ? (raw as Readable | ReadableStream<Uint8Array>) : null;
        return { status: response.statusCode, headers: response.headers, body };
      },
    );
    // The AWS clients read a Node stream: a recorded or refused reply (a web stream) is turned into one.
    const out =
      reply.body instanceof Readable ? reply.body : reply.body ? Readable.fromWeb(reply.body as NodeReadableStream) : Readable.from([]);
    return { response: new HttpResponse({ statusCode: reply.status, headers: reply.headers, body: out }) };
  }

  updateHttpClientConfig(key: never, value: never): void {
    this.inner.updateHttpClientConfig(key, value);
  }

  httpHandlerConfigs(): ReturnType<HttpHandler["httpHandlerConfigs"]> {
    return this.inner.httpHandlerConfigs();
  }
}
