import Anthropic from "@anthropic-ai/sdk";
import { BedrockAgentRuntimeClient } from "@aws-sdk/client-bedrock-agent-runtime";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttp2Handler } from "@smithy/node-http-handler";
import OpenAI from "openai";
import { awsCredentialSource, env } from "@/lib/env";
import type { Vendor, VendorMode } from "@/lib/trace/events";
import {
  CHAOS_HEADER,
  LATENCY_HEADER,
  LATENCY_SCALE_HEADER,
  SIM_BASE_URLS,
  SimHttpHandler,
  keepAgentSessionsIn,
  simFetch,
  type Chaos,
} from "@/lib/sim";
import { TapeDeck } from "@/lib/tapes/deck";
import type { Exchange } from "@/lib/tapes/format";
import { TapeHttpHandler, tapeFetch } from "@/lib/tapes/transport";
import { databaseAgentSessions } from "./agent-sessions";

// The simulated Bedrock agent keeps its sessions where AWS would: outside this process.
keepAgentSessionsIn(databaseAgentSessions);

type VendorModes = Record<Vendor, VendorMode>;
/** The vendors, plus the Bedrock agent of pattern H: live only with AWS credentials and an agent to invoke. */
export type RuntimeModes = VendorModes & { "bedrock-agent": VendorMode };

export type ClientOptions = {
  /** true forces every vendor onto the simulated model; an object forces only the vendors set to true. */
  forceSim?: boolean | Partial<Record<Vendor, boolean>>;
  chaos?: Chaos;
  latency?: "on" | "off";
  /** Slow motion for the simulated model's delays (0.5–5; 1 when unset). */
  latencyScale?: number;
  /** Groups a run's model calls, so chaos like "fail the first 2 calls" counts across them. */
  runId?: string;
  /** Records every exchange of the run, and answers from a recording in replays, forks and playback. */
  tape?: TapeDeck;
  /** Recorded exchanges that answer the model calls instead (a run's `tape` option: every vendor; SIM_TAPE: the simulated ones). */
  playback?: { exchanges: Exchange[]; simOnly: boolean };
  /**
   * An exact replay: every call is answered from the tape, so the clients never reach a vendor
   * (sim transports throughout), yet report the modes and models the recorded run had.
   */
  replayAs?: { modes: RuntimeModes; models: Partial<Record<Vendor, string>> };
};

export type Clients = {
  openai: OpenAI;
  anthropic: Anthropic;
  bedrock: BedrockRuntimeClient;
  bedrockAgent: BedrockAgentRuntimeClient;
  modes: RuntimeModes;
  models: Record<Vendor, string>;
  /** The Bedrock agent to invoke: the configured one when live, any ids in sim (the simulated agent answers to all). */
  agent: { mode: VendorMode; agentId: string; agentAliasId: string };
};

/**
 * A vendor is live when its credentials are set (AWS: wherever the SDK's default chain would find
 * them, and a region); otherwise the simulated model answers. Pattern H's agent is live only when
 * there is also an agent to invoke, so "bedrock-agent" says what H really runs.
 */
export function vendorModes(): RuntimeModes {
  const e = env();
  const aws = Boolean(e.AWS_REGION && awsCredentialSource(e));
  const agent = aws && e.BEDROCK_AGENT_ID && e.BEDROCK_AGENT_ALIAS_ID;
  return {
    openai: e.OPENAI_API_KEY ? "live" : "sim",
    anthropic: e.ANTHROPIC_API_KEY ? "live" : "sim",
    bedrock: aws ? "live" : "sim",
    "bedrock-agent": agent ? "live" : "sim",
  };
}

const SIM_REGION = "us-east-1";
const SIM_CREDENTIALS = { accessKeyId: "AKIASIMULATED000000", secretAccessKey: "simulated-secret-key" };
const SIM_AGENT = { agentId: "SIMAGENT01", agentAliasId: "TSTALIASID" };

/** The vendor SDK clients for one run; keys stay on the server, sim clients never touch the network. */
export function createClients(opts: ClientOptions = {}): Clients {
  const e = env();
  const live = vendorModes();
  const forced = (v: Vendor) =>
    opts.forceSim === true || opts.replayAs !== undefined || (typeof opts.forceSim === "object" && opts.forceSim[v] === true);
  const modes: RuntimeModes = {
    openai: forced("openai") ? "sim" : live.openai,
    anthropic: forced("anthropic") ? "sim" : live.anthropic,
    bedrock: forced("bedrock") ? "sim" : live.bedrock,
    "bedrock-agent": forced("bedrock") ? "sim" : live["bedrock-agent"],
  };
  const agentLive = modes["bedrock-agent"] === "live";

  // The run's own id groups its faults; a runId inside the chaos options never overrides it.
  const chaos = opts.chaos || opts.runId ? { ...opts.chaos, runId: opts.runId ?? opts.chaos?.runId } : undefined;
  const simHeaders: Record<string, string> = {
    ...(chaos ? { [CHAOS_HEADER]: JSON.stringify(chaos) } : {}),
    ...(opts.latency ? { [LATENCY_HEADER]: opts.latency } : {}),
    ...(opts.latencyScale ? { [LATENCY_SCALE_HEADER]: String(opts.latencyScale) } : {}),
  };
  // The deck sits on each client's transport, sim or live: the one place every model call passes.
  // Playback answers beneath the recording deck, so a played-back run has a tape of its own.
  const deck = opts.tape;
  const player = opts.playback && new TapeDeck({ mode: "playback", exchanges: opts.playback.exchanges }, false);
  const plays = (vendor: Vendor) => (player && (!opts.playback!.simOnly || modes[vendor] === "sim") ? player : undefined);
  const fetchFor = (vendor: Vendor, inner: typeof fetch) => {
    const played = plays(vendor);
    const answering = played ? tapeFetch(played, vendor, inner) : inner;
    return deck ? tapeFetch(deck, vendor, answering) : answering;
  };
  const awsHandler = (inner: SimHttpHandler | NodeHttp2Handler) => {
    const played = plays("bedrock");
    const answering = played ? new TapeHttpHandler(played, "bedrock", inner) : inner;
    return deck ? new TapeHttpHandler(deck, "bedrock", answering) : answering;
  };
  // Sim clients do not retry: chaos errors should reach the caller's own bounded retries at once.
  const simAws = {
    region: SIM_REGION,
    credentials: SIM_CREDENTIALS,
    requestHandler: awsHandler(new SimHttpHandler(simHeaders)),
    maxAttempts: 1,
  };
  // Live clients do not retry on their own either: chat() and H's InvokeAgent retry visibly (an
  // error event per attempt) and the agent runner has its own watched retry policy, so attempts
  // never multiply.
  const liveSdk = { timeout: e.LLM_TIMEOUT_MS, maxRetries: 0 };
  // The SDKs' own default transport, made explicit so the deck can sit on it.
  const liveAws = {
    region: e.AWS_REGION,
    maxAttempts: 1,
    ...(deck || player ? { requestHandler: awsHandler(new NodeHttp2Handler({ disableConcurrentStreams: true })) } : {}),
  };

  return {
    openai:
      modes.openai === "live"
        ? new OpenAI({
            apiKey: e.OPENAI_API_KEY,
            baseURL: e.OPENAI_BASE_URL,
            ...liveSdk,
            ...(deck || player ? { fetch: fetchFor("openai", fetch) } : {}),
          })
        : new OpenAI({
            apiKey: "sim",
            baseURL: SIM_BASE_URLS.openai,
            fetch: fetchFor("openai", simFetch),
            maxRetries: 0,
            defaultHeaders: simHeaders,
          }),
    anthropic:
      modes.anthropic === "live"
        ? new Anthropic({ apiKey: e.ANTHROPIC_API_KEY, ...liveSdk, ...(deck || player ? { fetch: fetchFor("anthropic", fetch) } : {}) })
        : new Anthropic({
            apiKey: "sim",
            baseURL: SIM_BASE_URLS.anthropic,
            fetch: fetchFor("anthropic", simFetch),
            maxRetries: 0,
            defaultHeaders: simHeaders,
          }),
    bedrock:
      modes.bedrock === "live"
        ? new BedrockRuntimeClient(liveAws)
        : new BedrockRuntimeClient({ ...simAws, endpoint: SIM_BASE_URLS.bedrock }),
    bedrockAgent: agentLive
      ? new BedrockAgentRuntimeClient(liveAws)
      : new BedrockAgentRuntimeClient({ ...simAws, endpoint: SIM_BASE_URLS.bedrockAgent }),
    modes: opts.replayAs?.modes ?? modes,
    models: { openai: e.OPENAI_MODEL, anthropic: e.ANTHROPIC_MODEL, bedrock: e.BEDROCK_MODEL_ID, ...opts.replayAs?.models },
    agent: agentLive
      ? { mode: "live", agentId: e.BEDROCK_AGENT_ID!, agentAliasId: e.BEDROCK_AGENT_ALIAS_ID! }
      : { mode: opts.replayAs?.modes["bedrock-agent"] ?? "sim", ...SIM_AGENT },
  };
}
