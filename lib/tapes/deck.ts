import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors";
import { CHAOS_HEADER, LATENCY_HEADER, SIM_BASE_URLS, simFetch, takeInAgentExchanges } from "@/lib/sim";
import { anthropicError } from "@/lib/sim/anthropic";
import { awsRequestError } from "@/lib/sim/aws";
import { openaiError } from "@/lib/sim/openai";
import { clearModelScript, setModelScript, type ScriptedMove } from "@/lib/sim/script";
import { SimRequestError } from "@/lib/sim/wire";
import type { TraceEvent, Vendor } from "@/lib/trace/events";
import { canonicalRequest, hashOf, nearestDifference, protocolOf, valueHash } from "./canonical";
import type { Exchange, HopTape, Protocol, Replacement, ToolRecord } from "./format";
import type { PassedExchange, Recorded } from "./recording";
import { keptHeaders, keptUrl, parsedBody, replayedReply, tapped, type Chunk, type WireCall, type WireReply } from "./wire";

/**
 * The tape deck of one run (or one service hop of it): it sits on the wire of every vendor client,
 * records each exchange, and — when the run is a replay, a fork or a playback — answers from a
 * recording instead of the vendor.
 *
 * - replay / fork (`at`): the i-th call of this lane is served from the i-th recorded one while its
 *   seq is before `at` (matched on the canonical request first, so parallel calls keep their
 *   answers); the call at `at` gets the replacement output (or goes out for real); later ones go
 *   out for real. Tool results before `at` come from the tape too; with `applyTools` (a fork) they
 *   are also carried out on the fork's sandbox, so its schedule is what the parent's was.
 * - playback: any call is answered by the recording with the same canonical request, and a call
 *   nothing matches fails loudly with how the nearest recording differs.
 */
export type ToolOutcome = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

export type DeckSource =
  | {
      mode: "replay";
      tapeRunId: string;
      exchanges: Exchange[];
      tools: ToolRecord[];
      at: number;
      replace?: Replacement;
      applyTools?: boolean;
      /** A fork's earlier exchanges with an agent that keeps the conversation itself (from the parent conversation's earlier runs). */
      agentHistory?: Exchange[];
    }
  | { mode: "playback"; exchanges: Exchange[] };

/** An exchange as it passed: the request and the response's chunks as they came, or what a service hop recorded. */
type Recording = WireRecording | { hopped: PassedExchange | Exchange };
type WireRecording = {
  seq: number;
  node: string;
  vendor: Vendor;
  protocol: Protocol;
  call: Omit<WireCall, "signal">;
  status: number;
  headers: Record<string, string>;
  chunks: Chunk[];
};

const VENDOR_REFUSALS: Record<Vendor, (error: SimRequestError) => Response> = {
  openai: openaiError,
  anthropic: anthropicError,
  bedrock: awsRequestError,
};

export class TapeDeck {
  /** The node of the model call about to go out; the run's trace keeps it current. */
  node = "";
  private readonly recordings: Recording[] = [];
  private readonly tools: ToolRecord[] = [];
  private calls = 0;
  private nextSeq = 1;
  private hops = 0;
  private live = false;
  private readonly used = new Set<Exchange>();
  private readonly usedTools = new Set<ToolRecord>();
  /** What a fork's agent is to have been told and answered before its fresh part: laid into its session then. */
  private readonly agentTurns: Exchange[];

  constructor(
    readonly source?: DeckSource,
    readonly record = true,
  ) {
    this.agentTurns = source?.mode === "replay" ? [...(source.agentHistory ?? [])] : [];
  }

  /**
   * A trace listener that keeps `node` current: the innermost running model node (llm, agent,
   * managed) of the graph, or the node an llm.request names. The wire does not know its node.
   */
  follow(modelNodes: Set<string>): (event: TraceEvent) => void {
    const running: string[] = [];
    return (event) => {
      if (event.type === "llm.request") this.node = event.node;
      else if (event.type === "node.start" && modelNodes.has(event.node)) running.push((this.node = event.node));
      else if (event.type === "node.end" && running.includes(event.node)) {
        running.splice(running.lastIndexOf(event.node), 1);
        this.node = running.at(-1) ?? this.node;
      }
    };
  }

  /** One model call: served from the tape, synthesised from a replacement, or sent for real; recorded either way. */
  async exchange(vendor: Vendor, call: WireCall, real: () => Promise<WireReply>): Promise<WireReply> {
    const protocol = protocolOf(call.url);
    if (!protocol) return real();
    const index = this.calls++;
    const seq = this.nextSeq++;
    const node = this.node || vendor;
    const reply = this.source ? await this.answer(vendor, protocol, call, index, real) : await real();
    if (!this.record) return reply;
    // Only what the wire gave is kept: parsing, decoding and hashing wait until someone reads the tape.
    const recording: WireRecording = {
      seq,
      node,
      vendor,
      protocol,
      call: { method: call.method, url: call.url, headers: call.headers, body: call.body },
      status: reply.status,
      headers: reply.headers,
      chunks: [],
    };
    this.recordings.push(recording);
    const started = performance.now();
    return { ...reply, body: reply.body && tapped(reply.body, started, recording.chunks) };
  }

  private async answer(
    vendor: Vendor,
    protocol: Protocol,
    call: WireCall,
    index: number,
    real: () => Promise<WireReply>,
  ): Promise<WireReply> {
    const source = this.source;
    if (!source) return real();
    const canonical = canonicalRequest(protocol, call.url, parsedBody(call.body));
    const hash = hashOf(canonical);
    if (source.mode === "playback") {
      const match = source.exchanges.find((e) => e.hash === hash && !this.used.has(e)) ?? source.exchanges.findLast((e) => e.hash === hash);
      if (match) {
        this.used.add(match);
        return replayedReply(match.response);
      }
      const difference =
        nearestDifference(
          canonical,
          source.exchanges.filter((e) => e.protocol === protocol),
        ) ?? `the tape has no ${protocol} exchange at all`;
      return refusal(vendor, `No recorded exchange on the tape matches this ${protocol} request: ${difference}.`);
    }
    const recorded = this.live
      ? undefined
      : (source.exchanges.find((e) => e.hash === hash && !this.used.has(e)) ?? source.exchanges.find((e) => !this.used.has(e)));
    if (recorded && recorded.seq < source.at) {
      this.used.add(recorded);
      if (protocol === "bedrock-agent.invoke") this.agentTurns.push(recorded);
      return replayedReply(recorded.response);
    }
    this.live = true;
    if (source.at === Number.POSITIVE_INFINITY) {
      const difference = nearestDifference(canonical, source.exchanges) ?? "the tape has no more exchanges";
      return refusal(vendor, `The replay asked for a model call the tape does not hold (call ${index + 1}): ${difference}.`);
    }
    const unwritable = await this.layIn(protocol, call);
    if (unwritable) return refusal(vendor, unwritable);
    if (recorded?.seq === source.at && source.replace) return synthesize(protocol, call, source.replace);
    return real();
  }

  /**
   * Before a fork's first fresh call to an agent that keeps the conversation itself (a Bedrock
   * agent), the turns the tape served it go into its session, so it goes on from them. Only the
   * simulated agent's sessions can be written: a live agent's cannot be given a pending return of
   * control, so such a fork is refused with the reason (the refusal's text, else undefined).
   */
  private async layIn(protocol: Protocol, call: WireCall): Promise<string | undefined> {
    if (protocol !== "bedrock-agent.invoke") return undefined;
    const turns = this.agentTurns.splice(0).filter((e) => e.response.status < 300);
    if (turns.length === 0) return undefined;
    if (new URL(call.url).origin !== new URL(SIM_BASE_URLS.bedrockAgent).origin)
      return "A fork of a live Bedrock agent can only start at its first exchange of a new conversation: AWS keeps the agent's session, and a new session cannot be given the recorded turns (its pending return of control above all).";
    await takeInAgentExchanges(
      call,
      turns.map((e) => ({
        request: e.request.body,
        events: (e.response.frames ?? []).map((f) => ({ type: f.headers?.[":event-type"] ?? "", body: f.body })),
      })),
    );
    return undefined;
  }

  /** One club tool call: from the tape while the run is still before the fork point, else carried out. */
  async tool(name: string, callId: string, args: unknown, real: () => Promise<ToolOutcome>): Promise<ToolOutcome> {
    const afterSeq = this.nextSeq - 1;
    const outcome = await this.toolOutcome(name, args, real);
    if (this.record) this.tools.push({ tool: name, callId, args, afterSeq, outcome });
    return outcome;
  }

  private async toolOutcome(name: string, args: unknown, real: () => Promise<ToolOutcome>): Promise<ToolOutcome> {
    const source = this.source;
    if (source?.mode !== "replay" || this.live) return real();
    const key = valueHash(args);
    const candidates = source.tools.filter((t) => t.tool === name && !this.usedTools.has(t) && t.afterSeq < source.at);
    const recorded = candidates.find((t) => valueHash(t.args) === key) ?? candidates[0];
    if (!recorded) {
      if (source.at === Number.POSITIVE_INFINITY)
        throw new AppError("internal", `The replay asked for a ${name} result the tape does not hold.`);
      return real();
    }
    this.usedTools.add(recorded);
    // A fork's sandbox starts as the parent's schedule did; carrying out what the parent did keeps it in step.
    if (source.applyTools) await real();
    return recorded.outcome as ToolOutcome;
  }

  /** Starts a service hop: its number and what the service needs to play its part of the source tape. */
  beginHop(): { hop: number; tape?: HopTape; startSeq: number } {
    const hop = ++this.hops;
    const source = this.source;
    const startSeq = this.nextSeq - 1;
    if (source?.mode !== "replay") return { hop, startSeq };
    return {
      hop,
      startSeq,
      tape: {
        runId: source.tapeRunId,
        hop,
        at: Number.isFinite(source.at) ? source.at : null,
        replace: source.replace,
        applyTools: source.applyTools,
      },
    };
  }

  /** Takes in what a service hop recorded, numbered on from this run's own exchanges. */
  mergeHop(hop: number, startSeq: number, tape: Recorded): void {
    if (!this.record) return;
    const seqs = new Map<number, number>([[0, startSeq]]);
    for (const e of tape.exchanges) {
      const seq = this.nextSeq++;
      seqs.set(e.seq, seq);
      this.calls++;
      this.recordings.push({ hopped: { ...e, seq, hop } });
    }
    for (const t of tape.toolResults) this.tools.push({ ...t, hop, afterSeq: seqs.get(t.afterSeq) ?? startSeq });
  }

  /** The recording so far, as it passed (secrets left out): a tape decodes it when it is read (lib/tapes/recording.ts). */
  recording(): Recorded {
    const exchanges = this.recordings.map((r) =>
      "hopped" in r
        ? r.hopped
        : {
            seq: r.seq,
            node: r.node,
            vendor: r.vendor,
            protocol: r.protocol,
            request: { method: r.call.method, url: keptUrl(r.call.url), headers: keptHeaders(r.call.headers, "request") },
            body: Buffer.from(r.call.body),
            response: { status: r.status, headers: keptHeaders(r.headers, "response") },
            chunks: r.chunks,
          },
    );
    return { exchanges, toolResults: this.tools };
  }
}

/** A failure in the vendor's own error shape, so its SDK throws it as that vendor's error with the message intact. */
function refusal(vendor: Vendor, message: string): WireReply {
  const res = VENDOR_REFUSALS[vendor](new SimRequestError(message, 400));
  return { status: res.status, headers: Object.fromEntries(res.headers), body: res.body };
}

const SIM_PATHS: Record<Protocol, (path: string) => string> = {
  "openai.chat": () => `${SIM_BASE_URLS.openai}/chat/completions`,
  "openai.responses": () => `${SIM_BASE_URLS.openai}/responses`,
  "anthropic.messages": () => `${SIM_BASE_URLS.anthropic}/v1/messages`,
  "bedrock.converse": (path) => `${SIM_BASE_URLS.bedrock}${path.slice(path.indexOf("/model/"))}`,
  "bedrock.converse-stream": (path) => `${SIM_BASE_URLS.bedrock}${path.slice(path.indexOf("/model/"))}`,
  "bedrock-agent.invoke": (path) => `${SIM_BASE_URLS.bedrockAgent}${path.slice(path.indexOf("/agents/"))}`,
};

/**
 * The replaced output of a forked call, in the call's own protocol: the simulated vendor answers
 * the very request with a scripted move, so the SDK parses it as it would the vendor's.
 */
async function synthesize(protocol: Protocol, call: WireCall, replace: Replacement): Promise<WireReply> {
  const key = `fork_${randomUUID()}`;
  const move: ScriptedMove = replace.toolCalls ? { calls: replace.toolCalls } : { text: replace.text ?? replace.raw ?? "" };
  setModelScript(key, { next: () => move });
  try {
    const headers = { ...call.headers, [CHAOS_HEADER]: JSON.stringify({ runId: key }), [LATENCY_HEADER]: "off" };
    const res = await simFetch(SIM_PATHS[protocol](new URL(call.url).pathname), {
      method: call.method,
      headers,
      body: call.body,
      signal: call.signal,
    });
    // The scripted move is taken before the first byte; reading the body whole keeps the script's lifetime plain.
    const bytes = new Uint8Array(await res.arrayBuffer());
    return {
      status: res.status,
      headers: Object.fromEntries(res.headers),
      body: new ReadableStream({
        start: (c) => {
          c.enqueue(bytes);
          c.close();
        },
      }),
    };
  } finally {
    clearModelScript(key);
  }
}
