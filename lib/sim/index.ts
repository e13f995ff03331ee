import { Readable } from "node:stream";
import { HttpResponse, type HttpHandler, type HttpRequest } from "@smithy/core/protocols";
import type { HttpHandlerOptions } from "@smithy/types";
import { anthropicHandler } from "./anthropic";
import { bedrockHandler } from "./bedrock";
import { bedrockAgentHandler } from "./bedrock-agent";
import { openaiHandler } from "./openai";
import { jsonResponse } from "./wire";

export type { Chaos } from "./chaos";
export { ChaosSchema, CHAOS_HEADER, LATENCY_HEADER, LATENCY_SCALE, LATENCY_SCALE_HEADER, SimLatencyScale } from "./chaos";
export { decide, type Conversation, type Decision, type Turn, type ToolSpec } from "./brain";

/** The origin in-process clients are pointed at; nothing listens there, simFetch answers instead. */
export const SIM_ORIGIN = "http://sim.internal";

export const SIM_BASE_URLS = {
  openai: `${SIM_ORIGIN}/openai/v1`,
  anthropic: `${SIM_ORIGIN}/anthropic`,
  bedrock: `${SIM_ORIGIN}/bedrock`,
  bedrockAgent: `${SIM_ORIGIN}/bedrock-agent`,
} as const;

const ROUTES: [string, (req: Request, path: string) => Promise<Response>][] = [
  ["/openai/v1", openaiHandler],
  ["/anthropic", anthropicHandler],
  ["/bedrock-agent", bedrockAgentHandler],
  ["/bedrock", bedrockHandler],
];

/** Every simulated vendor behind one Request → Response handler; also serves the /api/sim routes. */
export async function simHandler(req: Request): Promise<Response> {
  const path = new URL(req.url).pathname.replace(/^\/api\/sim(?=\/)/, "");
  const route = ROUTES.find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`));
  if (!route) return jsonResponse({ error: { message: `No simulated vendor at ${path}` } }, 404);
  return route[1](req, path.slice(route[0].length));
}

/** A fetch for the vendor SDKs: URLs under SIM_ORIGIN are answered in-process, anything else goes to the network. */
export const simFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const req = new Request(input, init);
  return new URL(req.url).origin === SIM_ORIGIN ? simHandler(req) : fetch(req);
};

/**
 * A Smithy request handler for the AWS SDK clients: the SDK signs and serialises as usual, then
 * the request is answered by simHandler instead of a socket and the SDK parses the reply as usual.
 */
export class SimHttpHandler implements HttpHandler {
  /** `headers` are added to every request (the chaos and latency knobs). */
  constructor(private readonly headers: Record<string, string> = {}) {}

  async handle(request: HttpRequest, options: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(request.query ?? {})) for (const value of [v ?? ""].flat()) query.append(k, value);
    const url = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ""}${request.path}${query.size ? `?${query}` : ""}`;
    const signal = options.abortSignal instanceof AbortSignal ? options.abortSignal : undefined;
    const res = await simHandler(new Request(url, { method: request.method, headers: { ...request.headers, ...this.headers }, body: request.body ?? undefined, signal }));
    const body = res.body ? Readable.fromWeb(res.body as import("node:stream/web").ReadableStream) : Readable.from([]);
    return { response: new HttpResponse({ statusCode: res.status, reason: res.statusText, headers: Object.fromEntries(res.headers), body }) };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
}
