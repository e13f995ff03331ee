import { createHash } from "node:crypto";
import { SemanticConventions as OI, OpenInferenceSpanKind, LLMProvider, MimeType } from "@arizeai/openinference-semantic-conventions";
import {
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL,
} from "@opentelemetry/semantic-conventions";
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_WORKFLOW_NAME,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW,
  GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC,
  GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK,
  GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
} from "@opentelemetry/semantic-conventions/incubating";
import type { PatternGraph } from "@/lib/patterns/graph";
import { parseTraceparent, traceIdOf } from "@/lib/services/traceparent";
import type { TraceEvent, Vendor } from "@/lib/trace/events";
import { flattenMessages, json, normalizeMessages, outputMessage } from "./messages";

/**
 * A finished run as an OpenTelemetry span tree, built after the fact from its stored trace events,
 * so the export is exactly what ran and costs the run nothing. GenAI semantic conventions, with
 * OpenInference attributes alongside so Phoenix renders it natively:
 *
 *   invoke_workflow {pattern}            the run (gen_ai.conversation.id = the session)
 *   ├─ {step}                            code, steps, services, Bedrock's phases: CHAIN
 *   │  └─ decide                         every decision, csp.decided_by = code | llm | aws
 *   ├─ invoke_agent {agent}              agents; a specialist handed work carries gen_ai.agent.handoff.*
 *   ├─ chat {model}                      every model call (CLIENT): provider, model, usage, finish reasons
 *   ├─ execute_tool {tool}               every tool call
 *   └─ POST /api/services/{name}         C and G's hops (CLIENT, span id from the traceparent sent)
 *      └─ POST /api/services/{name}      the service's side (SERVER, span id from the traceparent answered),
 *         └─ …                           holding what the service recorded, under its own service.name
 *
 * Node lifetimes come from node.start/node.end pairs; times are ms since the run started. Message
 * content (prompts, replies, tool arguments and results, decisions' wording) is only included with
 * `captureContent`.
 */
type AttributeValue = string | number | boolean | string[];
type Attributes = Record<string, AttributeValue>;
type SpanEvent = { name: string; t: number; attributes: Attributes };
export type RunSpan = {
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: "internal" | "client" | "server";
  /** ms since the run started. */
  start: number;
  end: number;
  attributes: Attributes;
  events: SpanEvent[];
  status: { code: "unset" | "error"; message?: string };
  /** The C or G service whose process ran the span; absent for the orchestrator's own. */
  service?: string;
};
export type SpanTree = { traceId: string; spans: RunSpan[] };

/** `sessionId` only for whoever may see it (the conversation's owner); without it no span names the conversation. */
export type RunForExport = { id: string; sessionId?: string; pattern: string; events: readonly TraceEvent[] };
export type PatternForExport = { id: string; name: string; graph: PatternGraph };

/** Not standardised yet: the names a GenAI conventions proposal uses for handoffs. */
const ATTR_HANDOFF_SOURCE = "gen_ai.agent.handoff.source.name";
const ATTR_HANDOFF_TARGET = "gen_ai.agent.handoff.target.name";
const ATTR_DECIDED_BY = "csp.decided_by";

const PROVIDER: Record<Vendor, { genai: string; oi: string }> = {
  openai: { genai: GEN_AI_PROVIDER_NAME_VALUE_OPENAI, oi: LLMProvider.OPENAI },
  anthropic: { genai: GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC, oi: LLMProvider.ANTHROPIC },
  bedrock: { genai: GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK, oi: LLMProvider.AWS },
};

type Frame = { span: RunSpan; node?: string; role: "node" | "chat" | "tool" | "client" | "server"; nodeKind?: string; claimed?: boolean };

export function runToSpans(
  run: RunForExport,
  pattern: PatternForExport | undefined,
  { captureContent }: { captureContent: boolean },
): SpanTree {
  return new SpanBuilder(run, pattern, captureContent).build();
}

class SpanBuilder {
  private readonly traceId: string;
  private readonly idPrefix: string;
  private readonly spans: RunSpan[] = [];
  private readonly frames: Frame[] = [];
  private readonly root: RunSpan;
  /** The most recent span of each graph node, open or closed: events naming a node after its end land there. */
  private readonly lastOf = new Map<string, RunSpan>();
  private readonly toolSpans = new Map<string, { span: RunSpan; frame?: Frame }>();
  private readonly handoffs = new Map<string, Extract<TraceEvent, { type: "handoff" }>>();
  private readonly nodes: Map<string, { kind: string; label: string }>;
  private reply: string | undefined;
  private failure: string | undefined;
  private readonly conversation: Attributes;

  constructor(
    private readonly run: RunForExport,
    pattern: PatternForExport | undefined,
    private readonly content: boolean,
  ) {
    this.traceId = traceIdOf(run.id);
    // Span ids derive from the run, so a download and the continuous export name the same spans.
    this.idPrefix = createHash("sha256").update(`${run.id}#spans`).digest("hex").slice(0, 8);
    this.conversation = run.sessionId ? { [ATTR_GEN_AI_CONVERSATION_ID]: run.sessionId } : {};
    this.nodes = new Map(pattern?.graph.nodes.map((n) => [n.id, { kind: n.kind, label: n.label }]) ?? []);
    this.root = this.span({
      name: `${GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW} ${run.pattern}`,
      start: 0,
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW,
        [ATTR_GEN_AI_WORKFLOW_NAME]: run.pattern,
        ...this.conversation,
        ...(run.sessionId ? { [OI.SESSION_ID]: run.sessionId } : {}),
        [OI.OPENINFERENCE_SPAN_KIND]: OpenInferenceSpanKind.CHAIN,
        "csp.run.id": run.id,
        ...(pattern ? { "csp.pattern.name": pattern.name } : {}),
      },
    });
  }

  build(): SpanTree {
    for (const e of this.run.events) this.apply(e);
    const last = this.run.events.at(-1)?.t ?? 0;
    for (const span of this.spans) if (Number.isNaN(span.end)) span.end = Number.isNaN(this.root.end) ? last : this.root.end;
    if (this.content && this.reply !== undefined)
      Object.assign(this.root.attributes, { [OI.OUTPUT_VALUE]: this.reply, [OI.OUTPUT_MIME_TYPE]: MimeType.TEXT });
    this.layOutServices();
    this.clamp();
    return { traceId: this.traceId, spans: this.spans };
  }

  private apply(e: TraceEvent): void {
    switch (e.type) {
      case "run.start":
        if (this.content) Object.assign(this.root.attributes, { [OI.INPUT_VALUE]: e.input, [OI.INPUT_MIME_TYPE]: MimeType.TEXT });
        break;
      case "node.start":
        this.startNode(e.node, e.t);
        break;
      case "node.end":
        this.endNode(e);
        break;
      case "llm.request":
        this.startChat(e);
        break;
      case "llm.delta": {
        const chat = this.openChat(e.node);
        if (chat && !(ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK in chat.span.attributes))
          chat.span.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] = round((e.t - chat.span.start) / 1000);
        break;
      }
      case "llm.response":
        this.endChat(e);
        break;
      case "tool.call":
        this.startTool(e);
        break;
      case "tool.result":
        this.endTool(e);
        break;
      case "handoff": {
        const from = this.ownerOf(e.from) ?? this.lastOf.get(e.from) ?? this.top();
        from.events.push({
          name: "gen_ai.agent.handoff",
          t: e.t,
          attributes: {
            [ATTR_HANDOFF_SOURCE]: e.from,
            [ATTR_HANDOFF_TARGET]: e.to,
            ...(this.content ? { "csp.handoff.task": e.task } : {}),
          },
        });
        this.handoffs.set(e.to, e);
        break;
      }
      case "http.request":
        this.startHop(e);
        break;
      case "http.response":
        this.endHop(e);
        break;
      case "decision": {
        const parent = this.ownerOf(e.node) ?? this.lastOf.get(e.node) ?? this.top();
        parent.attributes[ATTR_DECIDED_BY] = e.by;
        this.span({
          name: "decide",
          parent,
          start: e.t,
          end: e.t,
          attributes: {
            [OI.OPENINFERENCE_SPAN_KIND]: OpenInferenceSpanKind.CHAIN,
            [ATTR_DECIDED_BY]: e.by,
            [OI.GRAPH_NODE_ID]: e.node,
            ...(this.content ? { "csp.decision": e.choice } : {}),
          },
        });
        break;
      }
      case "state":
        if (this.content)
          (this.ownerOf(e.node) ?? this.lastOf.get(e.node) ?? this.top()).events.push({
            name: "csp.state",
            t: e.t,
            attributes: { "csp.state": json(e.state) },
          });
        break;
      case "message":
        this.reply = e.text;
        break;
      case "error":
        this.recordError(e);
        break;
      case "run.end":
        this.endRun(e);
        break;
    }
  }

  private startNode(node: string, t: number): void {
    const info = this.nodes.get(node) ?? { kind: "code", label: node };
    const parent = this.top();
    const graph = { [OI.GRAPH_NODE_ID]: node, [OI.GRAPH_NODE_NAME]: info.label, "csp.node.kind": info.kind, ...this.graphParent(parent) };
    let span: RunSpan;
    if (info.kind === "agent") {
      const handoff = this.handoffs.get(node);
      this.handoffs.delete(node);
      span = this.span({
        name: `${GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT} ${node}`,
        parent,
        start: t,
        attributes: {
          ...graph,
          [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
          [ATTR_GEN_AI_AGENT_NAME]: node,
          ...this.conversation,
          [OI.OPENINFERENCE_SPAN_KIND]: OpenInferenceSpanKind.AGENT,
          [OI.AGENT_NAME]: node,
          ...(handoff
            ? {
                [ATTR_HANDOFF_SOURCE]: handoff.from,
                [ATTR_HANDOFF_TARGET]: handoff.to,
                ...(this.content ? { "csp.handoff.task": handoff.task, [OI.INPUT_VALUE]: handoff.task } : {}),
              }
            : {}),
        },
      });
    } else if (info.kind === "tool") {
      span = this.span({
        name: `${GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL} ${info.label}`,
        parent,
        start: t,
        attributes: { ...graph, [OI.OPENINFERENCE_SPAN_KIND]: OpenInferenceSpanKind.TOOL },
      });
    } else if (info.kind === "db") {
      span = this.span({ name: "db", parent, start: t, attributes: { ...graph, [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_POSTGRESQL } });
    } else {
      // An llm node is named for its model once its request arrives (see startChat).
      span = this.span({
        name: node,
        parent,
        start: t,
        attributes: {
          ...graph,
          [OI.OPENINFERENCE_SPAN_KIND]: info.kind === "llm" ? OpenInferenceSpanKind.LLM : OpenInferenceSpanKind.CHAIN,
        },
      });
    }
    this.frames.push({ span, node, role: "node", nodeKind: info.kind });
    this.lastOf.set(node, span);
  }

  private endNode(e: Extract<TraceEvent, { type: "node.end" }>): void {
    const at = this.frames.findLastIndex((f) => f.role === "node" && f.node === e.node);
    if (at < 0) return;
    const frame = this.frames[at];
    for (const above of this.frames.splice(at)) {
      if (Number.isNaN(above.span.end)) above.span.end = e.t;
      if (!e.ok && above.role !== "server" && above.span.status.code === "unset") this.fail(above.span, e.error ?? "failed");
    }
    // A node's span that a model's answer already ended keeps that end.
    if (frame.role === "node" && !(frame.nodeKind === "llm" && frame.claimed)) frame.span.end = e.t;
    frame.span.start = Math.min(frame.span.start, e.t - e.ms);
  }

  private startChat(e: Extract<TraceEvent, { type: "llm.request" }>): void {
    const provider = PROVIDER[e.vendor];
    const attributes: Attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_CHAT,
      [ATTR_GEN_AI_PROVIDER_NAME]: provider.genai,
      [ATTR_GEN_AI_REQUEST_MODEL]: e.model,
      ...this.conversation,
      [OI.OPENINFERENCE_SPAN_KIND]: OpenInferenceSpanKind.LLM,
      [OI.LLM_MODEL_NAME]: e.model,
      [OI.LLM_PROVIDER]: provider.oi,
      [OI.GRAPH_NODE_ID]: e.node,
      "csp.llm.live": e.live,
      ...(e.tools.length ? { "csp.llm.tools": e.tools } : {}),
    };
    if (this.content) {
      const { system, messages } = normalizeMessages(e.messages);
      Object.assign(attributes, {
        ...(system.length ? { [ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]: JSON.stringify(system) } : {}),
        [ATTR_GEN_AI_INPUT_MESSAGES]: JSON.stringify(messages),
        ...flattenMessages(OI.LLM_INPUT_MESSAGES, [...(system.length ? [{ role: "system", parts: system }] : []), ...messages]),
        [OI.INPUT_VALUE]: JSON.stringify(e.messages),
        [OI.INPUT_MIME_TYPE]: MimeType.JSON,
      });
    }
    const name = `${GEN_AI_OPERATION_NAME_VALUE_CHAT} ${e.model}`;
    // The llm node's own span becomes its first call; a second call in the same node is its sibling.
    const own = this.frames.findLast((f) => f.role === "node" && f.node === e.node && f.nodeKind === "llm");
    if (own && !own.claimed) {
      own.claimed = true;
      Object.assign(own.span, { name, kind: "client" as const, start: e.t });
      Object.assign(own.span.attributes, attributes);
      return;
    }
    const parent = own ? this.parentOf(own.span) : (this.ownerOf(e.node) ?? this.top());
    const span = this.span({ name, kind: "client", parent, start: e.t, attributes: { ...attributes, ...this.graphParent(parent) } });
    this.frames.push({ span, node: e.node, role: "chat" });
    this.lastOf.set(e.node, span);
  }

  private endChat(e: Extract<TraceEvent, { type: "llm.response" }>): void {
    const chat = this.openChat(e.node) ?? {
      span: this.span({
        name: `${GEN_AI_OPERATION_NAME_VALUE_CHAT} ${e.node}`,
        kind: "client",
        parent: this.ownerOf(e.node) ?? this.top(),
        start: e.t - e.ms,
        attributes: { [OI.OPENINFERENCE_SPAN_KIND]: OpenInferenceSpanKind.LLM, [OI.GRAPH_NODE_ID]: e.node },
      }),
      role: "chat" as const,
    };
    const { span } = chat;
    const finish = e.toolCalls?.length ? "tool_call" : "stop";
    Object.assign(span.attributes, {
      [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: [finish],
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: e.usage.inputTokens,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: e.usage.outputTokens,
      [OI.LLM_TOKEN_COUNT_PROMPT]: e.usage.inputTokens,
      [OI.LLM_TOKEN_COUNT_COMPLETION]: e.usage.outputTokens,
      [OI.LLM_TOKEN_COUNT_TOTAL]: e.usage.inputTokens + e.usage.outputTokens,
    });
    if (this.content) {
      const output = outputMessage(e.text, e.toolCalls);
      Object.assign(span.attributes, {
        [ATTR_GEN_AI_OUTPUT_MESSAGES]: JSON.stringify([{ ...output, finish_reason: finish }]),
        ...flattenMessages(OI.LLM_OUTPUT_MESSAGES, [output]),
        [OI.OUTPUT_VALUE]: e.text ?? JSON.stringify(e.toolCalls ?? []),
        [OI.OUTPUT_MIME_TYPE]: e.text === undefined ? MimeType.JSON : MimeType.TEXT,
      });
    }
    span.end = e.t;
    span.start = Math.min(span.start, e.t - e.ms);
    if (chat.role === "chat") this.remove(chat);
  }

  private startTool(e: Extract<TraceEvent, { type: "tool.call" }>): void {
    const attributes: Attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
      [ATTR_GEN_AI_TOOL_NAME]: e.tool,
      [ATTR_GEN_AI_TOOL_CALL_ID]: e.callId,
      [ATTR_GEN_AI_TOOL_TYPE]: "function",
      [OI.OPENINFERENCE_SPAN_KIND]: OpenInferenceSpanKind.TOOL,
      [OI.TOOL_NAME]: e.tool,
      ...(this.content
        ? { [ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]: json(e.args), [OI.INPUT_VALUE]: json(e.args), [OI.INPUT_MIME_TYPE]: MimeType.JSON }
        : {}),
    };
    const own = this.frames.findLast((f) => f.role === "node" && f.node === e.node && f.nodeKind === "tool" && !f.claimed);
    if (own) {
      own.claimed = true;
      own.span.name = `${GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL} ${e.tool}`;
      Object.assign(own.span.attributes, attributes);
      this.toolSpans.set(e.callId, { span: own.span });
      return;
    }
    const parent = this.top();
    const span = this.span({
      name: `${GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL} ${e.tool}`,
      parent,
      start: e.t,
      attributes: { ...attributes, [OI.GRAPH_NODE_ID]: e.node },
    });
    const frame: Frame = { span, node: e.node, role: "tool" };
    this.frames.push(frame);
    this.toolSpans.set(e.callId, { span, frame });
  }

  private endTool(e: Extract<TraceEvent, { type: "tool.result" }>): void {
    const found = this.toolSpans.get(e.callId);
    if (!found) return;
    const { span, frame } = found;
    if (this.content && e.result !== undefined)
      Object.assign(span.attributes, {
        [ATTR_GEN_AI_TOOL_CALL_RESULT]: json(e.result),
        [OI.OUTPUT_VALUE]: json(e.result),
        [OI.OUTPUT_MIME_TYPE]: MimeType.JSON,
      });
    if (e.error) {
      span.attributes[ATTR_ERROR_TYPE] = e.error.code;
      span.events.push({
        name: "exception",
        t: e.t,
        attributes: { [ATTR_EXCEPTION_TYPE]: e.error.code, [ATTR_EXCEPTION_MESSAGE]: e.error.message },
      });
      this.fail(span, e.error.message);
    }
    if (frame) {
      span.end = e.t;
      span.start = Math.min(span.start, e.t - e.ms);
      this.remove(frame);
    }
  }

  private startHop(e: Extract<TraceEvent, { type: "http.request" }>): void {
    // A retried hop starts afresh beside the attempt the service answered.
    for (const stale of this.frames.filter((f) => f.role === "server" && f.node === e.node)) this.remove(stale);
    const url = URL.parse(e.url) ?? new URL("http://unknown");
    const parent = this.top();
    const span = this.span({
      name: `POST ${url.pathname}`,
      kind: "client",
      parent,
      spanId: parseTraceparent(e.traceparent)?.spanId,
      start: e.t,
      attributes: {
        [ATTR_HTTP_REQUEST_METHOD]: "POST",
        [ATTR_URL_FULL]: `${url.origin}${url.pathname}`,
        [ATTR_SERVER_ADDRESS]: url.hostname,
        [ATTR_SERVER_PORT]: Number(url.port || (url.protocol === "https:" ? 443 : 80)),
        [OI.OPENINFERENCE_SPAN_KIND]: OpenInferenceSpanKind.CHAIN,
        "csp.service": e.service,
        "csp.traceparent": e.traceparent,
      },
    });
    this.frames.push({ span, node: e.node, role: "client" });
  }

  private endHop(e: Extract<TraceEvent, { type: "http.response" }>): void {
    const frame = this.frames.findLast((f) => f.role === "client" && f.node === e.node);
    if (!frame) return;
    const client = frame.span;
    this.remove(frame);
    client.end = e.t;
    client.start = Math.min(client.start, e.t - e.ms);
    if (e.status === 0) {
      client.attributes[ATTR_ERROR_TYPE] = "no_response";
      this.fail(client, `The ${e.service} service did not answer.`);
      return;
    }
    client.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE] = e.status;
    if (e.status >= 400) {
      client.attributes[ATTR_ERROR_TYPE] = String(e.status);
      this.fail(client, `The ${e.service} service answered ${e.status}.`);
    }
    const answered = parseTraceparent(e.traceparent);
    if (!answered || answered.spanId === client.spanId) return;
    const path = URL.parse(e.url)?.pathname ?? "/";
    const server = this.span({
      name: `POST ${path}`,
      kind: "server",
      parent: client,
      spanId: answered.spanId,
      start: client.start,
      end: client.end,
      service: e.service,
      attributes: {
        [ATTR_HTTP_REQUEST_METHOD]: "POST",
        [ATTR_HTTP_ROUTE]: path,
        [ATTR_HTTP_RESPONSE_STATUS_CODE]: e.status,
        [OI.OPENINFERENCE_SPAN_KIND]: OpenInferenceSpanKind.CHAIN,
        "csp.service": e.service,
      },
    });
    if (e.status >= 500) this.fail(server, `Answered ${e.status}.`);
    // What the service recorded arrives right after its answer, until the caller's step ends.
    this.frames.push({ span: server, node: e.node, role: "server" });
  }

  private recordError(e: Extract<TraceEvent, { type: "error" }>): void {
    const target = (e.node ? (this.openChat(e.node)?.span ?? this.ownerOf(e.node) ?? this.lastOf.get(e.node)) : undefined) ?? this.root;
    target.events.push({
      name: e.retryable ? "retry" : "exception",
      t: e.t,
      attributes: { [ATTR_EXCEPTION_TYPE]: e.code, [ATTR_EXCEPTION_MESSAGE]: e.message, "csp.retryable": e.retryable },
    });
    if (!e.retryable && target !== this.root) {
      target.attributes[ATTR_ERROR_TYPE] ??= e.code;
      this.fail(target, e.message);
    }
    if (!e.node) this.failure = e.message;
  }

  private endRun(e: Extract<TraceEvent, { type: "run.end" }>): void {
    for (const frame of this.frames.splice(0)) if (Number.isNaN(frame.span.end)) frame.span.end = e.t;
    const m = e.metrics;
    Object.assign(this.root.attributes, {
      "csp.run.status": e.status,
      "csp.run.llm_calls": m.llmCalls,
      "csp.run.tool_calls": m.toolCalls,
      "csp.run.http_calls": m.httpCalls,
      "csp.run.cost_usd": m.costUsd,
      "csp.run.decisions.code": m.decisions.code,
      "csp.run.decisions.llm": m.decisions.llm,
      "csp.run.decisions.aws": m.decisions.aws,
    });
    this.root.end = e.t;
    if (e.status === "error" || e.status === "aborted") {
      this.root.attributes[ATTR_ERROR_TYPE] = e.status;
      this.fail(this.root, e.status === "aborted" ? "The run was stopped." : (this.failure ?? "The run failed."));
    }
  }

  private span(init: {
    name: string;
    parent?: RunSpan;
    start: number;
    end?: number;
    kind?: RunSpan["kind"];
    spanId?: string;
    service?: string;
    attributes: Attributes;
  }): RunSpan {
    const span: RunSpan = {
      spanId: init.spanId ?? `${this.idPrefix}${(this.spans.length + 1).toString(16).padStart(8, "0")}`,
      parentSpanId: init.parent?.spanId,
      name: init.name,
      kind: init.kind ?? "internal",
      start: init.start,
      end: init.end ?? Number.NaN,
      attributes: init.attributes,
      events: [],
      status: { code: "unset" },
      service: init.service ?? init.parent?.service,
    };
    this.spans.push(span);
    return span;
  }

  private top(): RunSpan {
    return this.frames.at(-1)?.span ?? this.root;
  }

  private parentOf(span: RunSpan): RunSpan {
    return this.spans.find((s) => s.spanId === span.parentSpanId) ?? this.root;
  }

  /** The open span speaking for a node: its own, or the service that answered for it since (G's agents). */
  private ownerOf(node: string): RunSpan | undefined {
    const at = this.frames.findLastIndex((f) => f.role === "node" && f.node === node);
    if (at < 0) return undefined;
    return (this.frames.slice(at + 1).findLast((f) => f.role === "server") ?? this.frames[at]).span;
  }

  private openChat(node: string): Frame | undefined {
    return this.frames.findLast(
      (f) => f.node === node && (f.role === "chat" || (f.role === "node" && f.nodeKind === "llm" && f.claimed && Number.isNaN(f.span.end))),
    );
  }

  private graphParent(parent: RunSpan): Attributes {
    const id = parent.attributes[OI.GRAPH_NODE_ID];
    return typeof id === "string" ? { [OI.GRAPH_NODE_PARENT_ID]: id } : {};
  }

  private remove(frame: Frame): void {
    const at = this.frames.indexOf(frame);
    if (at >= 0) this.frames.splice(at, 1);
  }

  private fail(span: RunSpan, message: string): void {
    span.status = { code: "error", message };
  }

  /**
   * A service's events are stamped when the caller merges them, after the hop answered, so their
   * own times say nothing: what the service did is laid out one step after another from the start
   * of its SERVER span, each step as long as the service measured it.
   */
  private layOutServices(): void {
    const children = new Map<string, RunSpan[]>();
    for (const span of this.spans)
      if (span.parentSpanId) children.set(span.parentSpanId, [...(children.get(span.parentSpanId) ?? []), span]);
    const shift = (span: RunSpan, by: number) => {
      span.start += by;
      span.end += by;
      for (const event of span.events) event.t += by;
      for (const child of children.get(span.spanId) ?? []) shift(child, by);
    };
    for (const server of this.spans.filter((s) => s.kind === "server")) {
      let cursor = server.start;
      for (const step of children.get(server.spanId) ?? []) {
        shift(step, cursor - step.start);
        cursor = step.end;
      }
    }
  }

  /** Keeps every span inside its parent, and every event inside its span. */
  private clamp(): void {
    const byId = new Map(this.spans.map((s) => [s.spanId, s]));
    for (const span of this.spans) {
      const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
      if (parent) {
        span.end = Math.min(Math.max(span.end, parent.start), parent.end);
        span.start = Math.min(Math.max(span.start, parent.start), span.end);
      }
      span.end = Math.max(span.end, span.start);
      for (const event of span.events) event.t = Math.min(Math.max(event.t, span.start), span.end);
    }
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 1e4) / 1e4;
}
