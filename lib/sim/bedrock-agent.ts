import { z } from "zod";
import { clubNow } from "@/lib/domain/clock";
import { AWS_ID, awsCaller, eventStreamResponse, type AwsEvent } from "./aws";
import { think, vendorFault, type ModelTurn } from "./model";
import type { AgentSession } from "./sessions";
import { Pace, SimRequestError, chunks, makeId, parseBody, readJson, simContext, type SimService } from "./wire";

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
];

/**
 * The request body of InvokeAgent, as AWS validates it (unknown fields pass through): inputText is
 * at most 25,000 characters, action results answer the invocation the agent is waiting on.
 */
const InvokeAgentBody = z.looseObject({
  inputText: z.string().max(25_000).optional(),
  enableTrace: z.boolean().optional(),
  endSession: z.boolean().optional(),
  sessionState: z
    .looseObject({
      invocationId: z.string().optional(),
      returnControlInvocationResults: z
        .array(z.looseObject({ functionResult: z.looseObject({ actionGroup: z.string(), function: z.string().optional(), responseBody: z.record(z.string(), z.looseObject({ body: z.string() })).optional(), responseState: z.enum(["FAILURE", "REPROMPT"]).optional() }).optional() }))
        .optional(),
      promptSessionAttributes: z.record(z.string(), z.string()).optional(),
      sessionAttributes: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
});
type ActionResult = NonNullable<NonNullable<z.infer<typeof InvokeAgentBody>["sessionState"]>["returnControlInvocationResults"]>[number];

export async function bedrockAgentHandler(req: Request, path: string, service: SimService): Promise<Response> {
  const route = /^\/agents\/([^/]+)\/agentAliases\/([^/]+)\/sessions\/([^/]+)\/text$/.exec(path);
  if (req.method !== "POST" || !route) throw new SimRequestError(`${req.method} ${path} is not supported`, 404);
  const owner = awsCaller(req);
  const [agentId, agentAliasId, sessionId] = route.slice(1).map(awsId);
  const ctx = simContext(req, service);
  const body = parseBody(InvokeAgentBody, await readJson(req, ctx));
  // Sessions belong to the caller that created them: another caller's ids reach a session of its own.
  const key = `${agentId}/${sessionId}`;
  const session: AgentSession = service.agentSessions.get(owner, key) ?? { messages: [] };
  const state = body.sessionState ?? {};
  const results = state.returnControlInvocationResults ?? [];
  const inputText = body.inputText?.trim() ?? "";
  if (!results.length && !inputText) throw new SimRequestError("inputText is required unless returnControlInvocationResults are sent.");
  await vendorFault(ctx, "DependencyFailedException");

  const observations = results.length ? takeResults(session, state.invocationId, results) : [];
  if (inputText) session.messages.push({ role: "user", text: inputText });

  const conv = { system: AGENT_INSTRUCTIONS, messages: session.messages, tools: AGENT_TOOLS };
  const turn = think(conv, ctx, "toolu_", key);
  const invocationId = `${makeId("", turn.seed, 1, 8).toLowerCase()}-sim`;
  if (turn.calls.length) {
    session.messages.push({ role: "assistant", toolCalls: turn.calls });
    session.pending = { invocationId, calls: turn.calls };
  } else session.messages.push({ role: "assistant", text: turn.text });
  if (body.endSession === true) service.agentSessions.end(owner, key);
  else service.agentSessions.save(owner, key, session);

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
}

/** A path segment that names an agent, alias or session, as AWS constrains them. */
function awsId(segment: string): string {
  let id = "";
  try {
    id = decodeURIComponent(segment);
  } catch {
    // reported below
  }
  if (!AWS_ID.test(id)) throw new SimRequestError("1 validation error detected: Value at 'sessionId' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9a-zA-Z._:-]+");
  return id;
}

/** Adds the caller's action results to the session as tool turns; returns their texts for the trace. */
function takeResults(session: AgentSession, invocationId: string | undefined, results: ActionResult[]): string[] {
  const pending = session.pending;
  if (!pending || invocationId !== pending.invocationId) throw new SimRequestError(`No action is waiting for invocation id ${String(invocationId).slice(0, 100)} in this session.`);
  session.pending = undefined;
  return results.map((r) => {
    const result = r.functionResult ?? { actionGroup: ACTION_GROUP };
    const call = pending.calls.find((c) => c.name === result.function) ?? pending.calls[0];
    const body = result.responseBody?.TEXT ? result.responseBody.TEXT.body : JSON.stringify(result.responseBody ?? {});
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
