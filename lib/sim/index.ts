import { Readable } from "node:stream";
import { HttpResponse, type HttpHandler, type HttpRequest } from "@smithy/core/protocols";
import type { HttpHandlerOptions } from "@smithy/types";
import { env } from "@/lib/env";
import { anthropicError, anthropicHandler } from "./anthropic";
import { awsRequestError } from "./aws";
import { bedrockHandler } from "./bedrock";
import { bedrockAgentHandler, takeInExchanges, type AgentExchange } from "./bedrock-agent";
import { FaultCounter } from "./chaos";
import { openaiError, openaiHandler } from "./openai";
import { AgentSessions, type AgentSessionStore } from "./sessions";
import { SimRequestError, jsonResponse, type SimService } from "./wire";

export type { Chaos } from "./chaos";
export type { AgentExchange } from "./bedrock-agent";
export type { AgentSession, AgentSessionStore } from "./sessions";
export { recentTurns } from "./bounds";
export { ChaosSchema, CHAOS_HEADER, LATENCY_HEADER, LATENCY_SCALE_HEADER, SimLatencyScale } from "./chaos";
export { decide, type Conversation, type Turn } from "./brain";

/** The origin in-process clients are pointed at; nothing listens there, simFetch answers instead. */
const SIM_ORIGIN = "http://sim.internal";

export const SIM_BASE_URLS = {
  openai: `${SIM_ORIGIN}/openai/v1`,
  anthropic: `${SIM_ORIGIN}/anthropic`,
  bedrock: `${SIM_ORIGIN}/bedrock`,
  bedrockAgent: `${SIM_ORIGIN}/bedrock-agent`,
} as const;

/** One vendor's wire protocol: answers a request under its prefix, or throws a SimRequestError that `refuse` renders in the vendor's error shape. */
type Adapter = (req: Request, path: string, service: SimService) => Promise<Response>;

const ROUTES: [string, Adapter, (error: SimRequestError) => Response][] = [
  ["/openai/v1", openaiHandler, openaiError],
  ["/anthropic", anthropicHandler, anthropicError],
  ["/bedrock-agent", bedrockAgentHandler, awsRequestError],
  ["/bedrock", bedrockHandler, awsRequestError],
];

/** Requests one public service works on at once; more are answered 429 at once, as a vendor's rate limit would. */
export const MAX_PUBLIC_IN_FLIGHT = 32;
/** Of those, one caller's address may hold this many, so one caller cannot take them all. */
export const MAX_PUBLIC_IN_FLIGHT_PER_ADDRESS = 8;
/** Public callers may make a request wait this long at most (latency, slowModel, timeout faults). */
export const PUBLIC_MAX_WAIT_MS = 10_000;
/**
 * A public request's whole body must have arrived by then (408), so bodies that trickle give their
 * in-flight slots back soon: the largest body allowed by default (1 MB) needs 100 KB/s.
 */
export const PUBLIC_BODY_TIMEOUT_MS = 10_000;
/** The app's own runs wait for a timeout fault until their own client timeout fires. */
const IN_PROCESS_MAX_WAIT_MS = 120_000;

/**
 * One simulated service answering every vendor's wire protocol, with its own state: agent
 * sessions, chaos fault counters. `public` bounds it for anonymous callers on the network: body
 * size and deadline, waiting, requests in flight (in all, and per caller address when the front
 * passes one).
 */
export function createSim(
  exposure: "in-process" | "public",
  agentSessions?: AgentSessionStore,
): (req: Request, address?: string) => Promise<Response> {
  const open = exposure === "public";
  const service: SimService = {
    exposure,
    faults: new FaultCounter(),
    // In-process every session is the app's own (H's random ids keep members apart), so no per-caller share.
    agentSessions: agentSessions ?? (open ? new AgentSessions(500, 50) : new AgentSessions(500, 500)),
    // Read per request: the setting may change after this module loads (tests, scripts).
    get maxBodyBytes() {
      return open ? env().SIM_MAX_BODY_BYTES : Number.POSITIVE_INFINITY;
    },
    maxWaitMs: open ? PUBLIC_MAX_WAIT_MS : IN_PROCESS_MAX_WAIT_MS,
    bodyTimeoutMs: open ? PUBLIC_BODY_TIMEOUT_MS : Number.POSITIVE_INFINITY,
  };
  let inFlight = 0;
  const inFlightFrom = new Map<string, number>();
  return async (req, address) => {
    const path = new URL(req.url).pathname.replace(/^\/api\/sim(?=\/)/, "");
    const route = ROUTES.find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`));
    if (!route) return jsonResponse({ error: { message: `No simulated vendor at ${path}` } }, 404);
    const [prefix, adapter, refuse] = route;
    if (open && inFlight >= MAX_PUBLIC_IN_FLIGHT)
      return refuse(new SimRequestError("Too many requests in flight to the simulated model; try again shortly.", 429));
    const mine = address === undefined ? 0 : (inFlightFrom.get(address) ?? 0);
    if (open && mine >= MAX_PUBLIC_IN_FLIGHT_PER_ADDRESS)
      return refuse(
        new SimRequestError(
          `Your address has ${MAX_PUBLIC_IN_FLIGHT_PER_ADDRESS} requests in flight to the simulated model; wait for one to finish.`,
          429,
        ),
      );
    inFlight++;
    if (address !== undefined) inFlightFrom.set(address, mine + 1);
    try {
      return await adapter(req, path.slice(prefix.length), service);
    } catch (error) {
      if (error instanceof SimRequestError) return refuse(error);
      if (req.signal.aborted) throw error;
      console.error(error);
      return refuse(new SimRequestError("The simulated model failed on this request.", 500));
    } finally {
      inFlight--;
      if (address !== undefined) {
        const left = (inFlightFrom.get(address) ?? 1) - 1;
        if (left > 0) inFlightFrom.set(address, left);
        else inFlightFrom.delete(address);
      }
    }
  };
}

/** The simulated vendors as /api/sim serves them to anyone who can reach the server. */
export const publicSimHandler = createSim("public");

/** The simulated vendors as the app's own clients reach them: in-process only, never over HTTP. */
const inProcessSessionStore: AgentSessionStore = {
  get: (owner, id) => inProcessAgentSessions.get(owner, id),
  save: (owner, id, session) => inProcessAgentSessions.save(owner, id, session),
  end: (owner, id) => inProcessAgentSessions.end(owner, id),
};
const inProcessSimHandler = createSim("in-process", inProcessSessionStore);
let inProcessAgentSessions: AgentSessionStore = new AgentSessions(500, 500);

/**
 * Where the in-process simulated Bedrock agent keeps its sessions. AWS keeps a real agent's outside the
 * app, so the app hands in a durable store: a paused run of H then survives a restart, like the others.
 */
export function keepAgentSessionsIn(store: AgentSessionStore): void {
  inProcessAgentSessions = store;
}

/**
 * Lays recorded InvokeAgent exchanges into the in-process agent's session that this request
 * addresses (its caller and path), before the request goes out: a fork of an agent's run gives the
 * agent the conversation its tape served, so the agent goes on from there.
 */
export async function takeInAgentExchanges(
  call: { url: string; headers: Record<string, string> },
  exchanges: AgentExchange[],
): Promise<void> {
  const path = new URL(call.url).pathname.slice(new URL(SIM_BASE_URLS.bedrockAgent).pathname.length);
  await takeInExchanges(new Request(call.url, { headers: call.headers }), path, inProcessSessionStore, exchanges);
}

/** A fetch for the vendor SDKs: URLs under SIM_ORIGIN are answered in-process, anything else goes to the network. */
export const simFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const req = new Request(input, init);
  return new URL(req.url).origin === SIM_ORIGIN ? inProcessSimHandler(req) : fetch(req);
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
    const res = await inProcessSimHandler(
      new Request(url, {
        method: request.method,
        headers: { ...request.headers, ...this.headers },
        body: request.body ?? undefined,
        signal,
      }),
    );
    const body = res.body ? Readable.fromWeb(res.body as import("node:stream/web").ReadableStream) : Readable.from([]);
    return {
      response: new HttpResponse({ statusCode: res.status, reason: res.statusText, headers: Object.fromEntries(res.headers), body }),
    };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
}
