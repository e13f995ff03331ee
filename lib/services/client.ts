import { setTimeout as delay } from "node:timers/promises";
import { currentClock } from "@/lib/domain/clock";
import { env, type Env } from "@/lib/env";
import { ChaosSchema } from "@/lib/llm";
import { AppError, ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import { step, type RunContext } from "@/lib/patterns/kit/context";
import type { TraceEvent, TraceEventInput } from "@/lib/trace/events";
import { ServiceReply, type ForwardedOptions, type ServiceContract, type ServiceInput, type ServiceOutput } from "./contract";
import { issueServiceToken } from "./token";
import { traceIdOf, traceparent } from "./traceparent";

/**
 * The caller side of a hop, the same for every service: POST the input with a signed caller token
 * and a W3C traceparent, time out, retry transient failures (503, network, timeout) with backoff,
 * and merge the events the service recorded into the run under the service's own graph nodes.
 */
const ATTEMPTS = 3;
/** Longer than a service's own bounded model retries, so the service gives up first and says why. */
const HOP_TIMEOUT_MS = 90_000;
const BACKOFF_MS = 200;
/** http.response status when no response came back (refused, reset, timed out). */
const NO_RESPONSE = 0;

export async function callService<C extends ServiceContract>(
  ctx: RunContext,
  contract: C,
  input: ServiceInput<C>,
): Promise<ServiceOutput<C>> {
  const { name } = contract;
  const url = serviceUrl(ctx, name);
  const onTape = ctx.tape?.beginHop();
  const body = JSON.stringify({
    input,
    options: { ...forwarded(ctx), ...(onTape?.tape ? { replay: onTape.tape } : {}), ...(ctx.tape?.record ? {} : { record: false }) },
  });
  return step(
    ctx,
    name,
    async () => {
      for (let attempt = 1; ; attempt++) {
        const sent = traceparent(traceIdOf(ctx.runId));
        ctx.emit({ type: "http.request", node: name, service: name, url, traceparent: sent });
        const started = performance.now();
        const hop = (status: number, answered = sent) =>
          ctx.emit({
            type: "http.response",
            node: name,
            service: name,
            url,
            status,
            ms: Math.round(performance.now() - started),
            traceparent: answered,
          });
        let trouble: string;
        try {
          const res = await post(ctx, name, url, sent, body);
          hop(res.status, res.headers.get("traceparent") ?? sent);
          if (res.status !== 503) return settle(ctx, contract, res, onTape);
          trouble = "answered 503 (unavailable)";
        } catch (error) {
          if (ctx.signal.aborted) throw new AppError("aborted", "The run was stopped.");
          hop(NO_RESPONSE);
          trouble = unreachable(error);
        }
        if (attempt === ATTEMPTS) {
          ctx.emit({
            type: "error",
            node: name,
            code: "service_unavailable",
            message: `The ${name} service ${trouble}; gave up after ${ATTEMPTS} attempts.`,
            retryable: false,
          });
          throw new AppError("service_unavailable", `The ${name} service ${trouble}, so nothing was booked.`, { retryable: true });
        }
        ctx.emit({
          type: "error",
          node: name,
          code: "service_unavailable",
          message: `The ${name} service ${trouble}; retrying (${attempt}/${ATTEMPTS - 1}).`,
          retryable: true,
        });
        await delay(BACKOFF_MS * 2 ** (attempt - 1), undefined, { signal: ctx.signal }).catch(() => {
          throw new AppError("aborted", "The run was stopped.");
        });
      }
    },
    { label: "HTTP", back: "result" },
  );
}

/** The setting that points the orchestrator at a service deployed elsewhere, e.g. SERVICE_BOOKING_AGENT_URL. */
export function urlSetting(name: string): string {
  return `SERVICE_${name.toUpperCase().replaceAll("-", "_")}_URL`;
}

/** The service's base URL from its setting, else this app's own route. */
function serviceUrl(ctx: Pick<RunContext, "origin">, name: string): string {
  const base = env()[urlSetting(name) as keyof Env] as string | undefined;
  return `${(base ?? ctx.origin).replace(/\/+$/, "")}/api/services/${name}`;
}

/** The model knobs and approval mode only: serviceDown is the caller's business, and the schema strips it. */
function forwarded(ctx: RunContext): ForwardedOptions {
  const { forceSim, simLatency, simLatencyScale, vendors, chaos, tape, approval } = ctx.options;
  return {
    forceSim,
    simLatency,
    simLatencyScale,
    vendors,
    chaos: chaos && ChaosSchema.parse({ ...chaos, runId: ctx.runId }),
    tape,
    approval,
  };
}

async function post(ctx: RunContext, name: string, url: string, sent: string, body: string): Promise<Response> {
  if (ctx.options.chaos?.serviceDown?.some((down) => down === name))
    throw new Error("service down", { cause: { code: "chaos serviceDown" } });
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${issueServiceToken({ userId: ctx.userId, runId: ctx.runId, scheduleId: ctx.scheduleId, clock: currentClock() })}`,
      traceparent: sent,
    },
    body,
    signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(HOP_TIMEOUT_MS)]),
  });
}

function unreachable(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string } };
  if (e.name === "TimeoutError") return `did not answer within ${HOP_TIMEOUT_MS / 1000} s`;
  return `could not be reached (${e.cause?.code ?? e.message ?? "network error"})`;
}

/** Reads the answer against the contract; the service's events join the run even when it failed. */
async function settle<C extends ServiceContract>(
  ctx: RunContext,
  { name, output: schema }: C,
  res: Response,
  hop?: { hop: number; startSeq: number },
): Promise<ServiceOutput<C>> {
  const reply = ServiceReply.safeParse(await res.json().catch(() => null));
  if (!reply.success)
    throw new AppError("service_unavailable", `The ${name} service answered ${res.status} with something that is not its contract.`);
  merge(ctx, name, reply.data.events);
  if (hop && reply.data.tape) ctx.tape?.mergeHop(hop.hop, hop.startSeq, reply.data.tape);
  if (res.ok) {
    const output = schema.safeParse(reply.data.output);
    if (output.success) return output.data as ServiceOutput<C>;
    throw new AppError("service_unavailable", `The ${name} service answered with output that breaks its contract.`);
  }
  const code = reply.data.error?.code ?? "";
  throw new AppError(
    Object.hasOwn(ERROR_STATUS, code) ? (code as ErrorCode) : "service_unavailable",
    reply.data.error?.message ?? `The ${name} service failed with ${res.status}.`,
  );
}

/**
 * Re-emits a service's events through the run's emitter (contiguous seq, non-decreasing t). A
 * service may only speak for its own nodes: anything naming another part of the graph is dropped,
 * and so is its own start and end, since the service node lives exactly as long as the hop.
 */
function merge(ctx: RunContext, name: string, events: TraceEvent[]): void {
  const own = new Set(["db", ...ctx.pattern.graph.nodes.filter((n) => n.group === `svc-${name}`).map((n) => n.id)]);
  for (const event of events) {
    if ((event.type === "node.start" || event.type === "node.end") && event.node === name) continue;
    const nodes =
      event.type === "edge" || event.type === "handoff" ? [event.from, event.to] : "node" in event && event.node ? [event.node] : [];
    // The run's emitter stamps its own runId, seq and t over the service's.
    if (nodes.length && nodes.every((n) => own.has(n))) ctx.emit(event as TraceEventInput);
  }
}
