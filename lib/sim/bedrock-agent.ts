import { clubNow } from "@/lib/domain/clock";
import type { Turn } from "./brain";
import { awsError, eventStreamResponse, type AwsEvent } from "./aws";
import { isRecord } from "./evidence";
import { think, vendorFault, type ModelTurn } from "./model";
import { Pace, SimRequestError, chunks, makeId, readJson, simContext } from "./wire";

/**
 * Bedrock Agent Runtime's InvokeAgent, played by a simulated agent: it runs the same brain as its
 * orchestrator and hands each action back to the caller by return of control, as an agent whose
 * action group has no Lambda does.
 */
export const AGENT_INSTRUCTIONS =
  "You are the booking assistant of a tennis club with four courts (A, B, C clay, D indoor), open 07:00-22:00 with one-hour slots. Check availability before booking, book only what the member asked for, one slot per request, and answer briefly.";
export const ACTION_GROUP = "club-actions";
const AGENT_TOOLS = [
  { name: "check_availability", description: "Free court slots on a date, optionally at one time.", parameters: { type: "object", properties: { date: { type: "string", description: "YYYY-MM-DD" }, time: { type: "string", description: "HH:MM" } }, required: ["date"] } },
  { name: "book_slot", description: "Book one slot by its slot_id for the member.", parameters: { type: "object", properties: { slot_id: { type: "string" } }, required: ["slot_id"] } },
  { name: "my_bookings", description: "The member's upcoming bookings, each with its booking_id.", parameters: { type: "object", properties: {}, required: [] } },
  { name: "cancel_booking", description: "Cancel one of the member's own bookings by its booking_id.", parameters: { type: "object", properties: { booking_id: { type: "string" } }, required: ["booking_id"] } },
];

type Session = { messages: Turn[]; pending?: { invocationId: string; calls: { id: string; name: string }[] } };

/** Sessions live with the service, as Bedrock keeps them; bounded, least recently used goes first. */
const sessions = new Map<string, Session>();
const MAX_SESSIONS = 500;

export async function bedrockAgentHandler(req: Request, path: string): Promise<Response> {
  try {
    const route = /^\/agents\/([^/]+)\/agentAliases\/([^/]+)\/sessions\/([^/]+)\/text$/.exec(path);
    if (req.method !== "POST" || !route) throw new SimRequestError(`${req.method} ${path} is not supported`, 404);
    const [agentId, agentAliasId, sessionId] = route.slice(1).map(decodeURIComponent);
    const ctx = simContext(req);
    const body = await readJson(req);
    const key = `${agentId}/${sessionId}`;
    const session = sessions.get(key) ?? { messages: [] };
    const state = isRecord(body.sessionState) ? body.sessionState : {};
    const results = Array.isArray(state.returnControlInvocationResults) ? (state.returnControlInvocationResults as Record<string, unknown>[]) : [];
    const inputText = typeof body.inputText === "string" ? body.inputText.trim() : "";
    if (!results.length && !inputText) throw new SimRequestError("inputText is required unless returnControlInvocationResults are sent.");
    const fault = await vendorFault(ctx);
    if (fault) return awsError(fault.status, fault.message, fault.status === 504 ? "DependencyFailedException" : undefined);

    const observations = results.length ? takeResults(session, state.invocationId, results) : [];
    if (inputText) session.messages.push({ role: "user", text: inputText });

    const conv = { system: AGENT_INSTRUCTIONS, messages: session.messages, tools: AGENT_TOOLS };
    const turn = think(conv, ctx, "toolu_", key);
    const invocationId = `${makeId("", turn.seed, 1, 8).toLowerCase()}-sim`;
    if (turn.calls.length) {
      session.messages.push({ role: "assistant", toolCalls: turn.calls });
      session.pending = { invocationId, calls: turn.calls };
    } else session.messages.push({ role: "assistant", text: turn.text });
    sessions.delete(key);
    if (body.endSession !== true) sessions.set(key, session);
    if (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);

    const trace = (t: Record<string, unknown>): AwsEvent => ({ type: "trace", body: { agentId, agentAliasId, sessionId, agentVersion: "1", eventTime: clubNow().toUTC().toISO(), trace: t } });
    const traceId = `${makeId("", turn.seed, 2, 8).toLowerCase()}-trace`;
    const traces = body.enableTrace === true ? agentTraces(turn, { traceId, inputText, observations, invocationId, prompt: JSON.stringify(conv) }) : [];

    return eventStreamResponse(
      async function* (signal): AsyncGenerator<AwsEvent> {
        const pace = new Pace(ctx, signal);
        await pace.firstToken(turn.usage.input);
        for (const t of traces) yield trace(t);
        if (turn.calls.length) {
          yield { type: "returnControl", body: { invocationId, invocationInputs: turn.calls.map((c) => ({ functionInvocationInput: { actionGroup: ACTION_GROUP, function: c.name, actionInvocationType: "RESULT", parameters: parameters(c.args) } })) } };
          return;
        }
        for (const piece of chunks(turn.text)) {
          await pace.output(piece);
          yield { type: "chunk", body: { bytes: Buffer.from(piece).toString("base64") } };
        }
      },
      ctx.signal,
      { "x-amzn-bedrock-agent-content-type": "application/json", "x-amz-bedrock-agent-session-id": sessionId },
    );
  } catch (error) {
    if (error instanceof SimRequestError) return awsError(error.status, error.message);
    throw error;
  }
}

/** Adds the caller's action results to the session as tool turns; returns their texts for the trace. */
function takeResults(session: Session, invocationId: unknown, results: Record<string, unknown>[]): string[] {
  const pending = session.pending;
  if (!pending || invocationId !== pending.invocationId) throw new SimRequestError(`No action is waiting for invocation id ${String(invocationId)} in this session.`);
  session.pending = undefined;
  return results.map((r) => {
    const result = isRecord(r.functionResult) ? r.functionResult : {};
    const call = pending.calls.find((c) => c.name === result.function) ?? pending.calls[0];
    const body = isRecord(result.responseBody) && isRecord(result.responseBody.TEXT) ? String(result.responseBody.TEXT.body) : JSON.stringify(result.responseBody ?? {});
    const content = result.responseState === "FAILURE" || result.responseState === "REPROMPT" ? `Error: ${body}` : body;
    session.messages.push({ role: "tool", callId: call.id, name: call.name, content });
    return content;
  });
}

function parameters(args: Record<string, unknown>) {
  return Object.entries(args)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([name, value]) => ({ name, type: "string", value: String(value) }));
}

type TraceInput = { traceId: string; inputText: string; observations: string[]; invocationId: string; prompt: string };

/** The steps an agent reports with enableTrace: pre-processing, one orchestration step, post-processing. */
function agentTraces(turn: ModelTurn, t: TraceInput): Record<string, unknown>[] {
  const usage = { inputTokens: turn.usage.input, outputTokens: turn.usage.output };
  const orchestration = (step: Record<string, unknown>) => ({ orchestrationTrace: step });
  const traces: Record<string, unknown>[] = [];
  if (t.inputText) {
    traces.push({ preProcessingTrace: { modelInvocationInput: { traceId: `${t.traceId}-pre-0`, text: t.inputText, type: "PRE_PROCESSING" } } });
    traces.push({ preProcessingTrace: { modelInvocationOutput: { traceId: `${t.traceId}-pre-0`, parsedResponse: { isValid: true, rationale: "The input is a question for the club's booking assistant." }, metadata: { usage: { inputTokens: 40, outputTokens: 12 } } } } });
  }
  for (const text of t.observations) traces.push(orchestration({ observation: { traceId: `${t.traceId}-0`, type: "ACTION_GROUP", actionGroupInvocationOutput: { text } } }));
  traces.push(orchestration({ modelInvocationInput: { traceId: `${t.traceId}-0`, text: t.prompt, type: "ORCHESTRATION" } }));
  traces.push(orchestration({ modelInvocationOutput: { traceId: `${t.traceId}-0`, rawResponse: { content: turn.calls.length ? JSON.stringify(turn.calls.map((c) => ({ name: c.name, input: c.args }))) : turn.text }, metadata: { usage } } }));
  const call = turn.calls[0];
  traces.push(orchestration({ rationale: { traceId: `${t.traceId}-0`, text: call ? `To answer the member I need ${call.name} with ${call.argsText}.` : "I have what I need to answer the member." } }));
  if (call) {
    traces.push(orchestration({ invocationInput: { traceId: `${t.traceId}-0`, invocationType: "ACTION_GROUP", actionGroupInvocationInput: { actionGroupName: ACTION_GROUP, function: call.name, parameters: parameters(call.args), executionType: "RETURN_CONTROL", invocationId: t.invocationId } } }));
    return traces;
  }
  traces.push(orchestration({ observation: { traceId: `${t.traceId}-0`, type: "FINISH", finalResponse: { text: turn.text } } }));
  traces.push({ postProcessingTrace: { modelInvocationInput: { traceId: `${t.traceId}-post-0`, text: turn.text, type: "POST_PROCESSING" } } });
  traces.push({ postProcessingTrace: { modelInvocationOutput: { traceId: `${t.traceId}-post-0`, parsedResponse: { text: turn.text }, metadata: { usage: { inputTokens: usage.outputTokens + 30, outputTokens: usage.outputTokens } } } } });
  return traces;
}
