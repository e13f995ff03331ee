import "@/lib/zod-in-browser";
import { z } from "zod";
import { Clock, ClockSource } from "@/lib/domain/clock-schema";

/**
 * The trace protocol (DESIGN §4): one discriminated union, parsed by the server before it sends and
 * by the browser when it receives. Every event carries runId, seq (1, 2, 3… per run) and t (ms
 * since the run started); most name a node of the pattern's graph.
 */
export const Decider = z.enum(["code", "llm", "aws"]);
export type Decider = z.infer<typeof Decider>;

export const Vendor = z.enum(["openai", "anthropic", "bedrock"]);
export type Vendor = z.infer<typeof Vendor>;
/** Whether a vendor (or H's Bedrock agent) is served by the simulated model or the real one. */
export const VendorMode = z.enum(["sim", "live"]);
export type VendorMode = z.infer<typeof VendorMode>;

/**
 * Token counts of one model call. `estimated`: the simulated model counted them (about four
 * characters a token), so they and their cost are estimates; a live vendor's usage is as reported.
 */
export const Usage = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  estimated: z.boolean().optional(),
});
export type Usage = z.infer<typeof Usage>;

export const Metrics = z.object({
  ms: z.number(),
  llmCalls: z.number().int(),
  toolCalls: z.number().int(),
  httpCalls: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number(),
  /** Some tokens (and so the cost) were the simulated model's estimate; absent in runs stored before it existed. */
  estimated: z.boolean().optional(),
  decisions: z.object({ code: z.number().int(), llm: z.number().int(), aws: z.number().int() }),
});
export type Metrics = z.infer<typeof Metrics>;

/**
 * A run's bounds, whoever drives it (a model, a tape, a fork's edit): the tool calls of one model
 * turn that run (a real model asks for a handful; the rest are refused with an error it reads), and
 * the events one run may have (it ends with an error when it reaches them).
 */
export const MAX_TOOL_CALLS_PER_TURN = 8;
export const MAX_RUN_EVENTS = 5000;

const base = { runId: z.string(), seq: z.number().int().positive(), t: z.number().nonnegative() };
const node = z.string();
const ToolCall = z.object({ id: z.string(), name: z.string(), args: z.unknown() });

export const TraceEvent = z.discriminatedUnion("type", [
  // A fork names the run it came from and the exchange (seq on the parent's tape) it diverged at;
  // `resumes`: this run continues a run that paused for the member's approval (that run's id);
  // `clock`: the "now" and zone the run judged by (absent in runs stored before runs had clocks).
  z.object({
    ...base,
    type: z.literal("run.start"),
    pattern: z.string(),
    sessionId: z.string(),
    input: z.string(),
    vendors: z.record(z.string(), VendorMode),
    parentRunId: z.string().optional(),
    forkedAt: z.number().int().positive().optional(),
    resumes: z.string().optional(),
    clock: Clock.extend({ source: ClockSource }).optional(),
  }),
  z.object({ ...base, type: z.literal("node.start"), node, label: z.string().optional() }),
  z.object({ ...base, type: z.literal("node.end"), node, ok: z.boolean(), ms: z.number(), error: z.string().optional() }),
  // Step mode: the run waits before this node starts until its owner continues (hold counts 1, 2, 3…).
  z.object({ ...base, type: z.literal("node.paused"), node, hold: z.number().int().positive() }),
  z.object({ ...base, type: z.literal("edge"), from: node, to: node, label: z.string().optional() }),
  z.object({
    ...base,
    type: z.literal("llm.request"),
    node,
    vendor: Vendor,
    model: z.string(),
    live: z.boolean(),
    messages: z.unknown(),
    tools: z.array(z.string()),
  }),
  z.object({ ...base, type: z.literal("llm.delta"), node, text: z.string() }),
  z.object({
    ...base,
    type: z.literal("llm.response"),
    node,
    text: z.string().optional(),
    toolCalls: z.array(ToolCall).optional(),
    usage: Usage,
    ms: z.number(),
  }),
  z.object({ ...base, type: z.literal("tool.call"), node, tool: z.string(), callId: z.string(), args: z.unknown() }),
  z.object({
    ...base,
    type: z.literal("tool.result"),
    node,
    tool: z.string(),
    callId: z.string(),
    result: z.unknown().optional(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
    ms: z.number(),
  }),
  z.object({ ...base, type: z.literal("handoff"), from: node, to: node, task: z.string() }),
  z.object({ ...base, type: z.literal("http.request"), node, service: z.string(), url: z.string(), traceparent: z.string() }),
  z.object({
    ...base,
    type: z.literal("http.response"),
    node,
    service: z.string(),
    url: z.string(),
    status: z.number().int(),
    ms: z.number(),
    traceparent: z.string(),
  }),
  z.object({ ...base, type: z.literal("decision"), node, by: Decider, choice: z.string() }),
  z.object({ ...base, type: z.literal("state"), node, state: z.unknown() }),
  z.object({ ...base, type: z.literal("message.delta"), text: z.string() }),
  z.object({ ...base, type: z.literal("message"), text: z.string() }),
  z.object({ ...base, type: z.literal("error"), node: node.optional(), code: z.string(), message: z.string(), retryable: z.boolean() }),
  // The run stops before booking or cancelling until its owner decides; heldBy says where the paused state lives.
  z.object({
    ...base,
    type: z.literal("approval.request"),
    approvalId: z.string(),
    node,
    tool: z.string(),
    args: z.unknown(),
    summary: z.string(),
    heldBy: z.string(),
  }),
  z.object({ ...base, type: z.literal("run.end"), status: z.enum(["ok", "error", "aborted", "paused", "interrupted"]), metrics: Metrics }),
]);
export type TraceEvent = z.infer<typeof TraceEvent>;
export type TraceEventType = TraceEvent["type"];

/** What a pattern emits: the emitter stamps runId, seq and t. */
export type TraceEventInput = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, "runId" | "seq" | "t"> : never) : never;
