import { z } from "zod";
import type { Turn } from "./brain";
import { AWS_ID, awsCaller, eventStreamResponse, type AwsEvent } from "./aws";
import { think, vendorFault, type ModelTurn } from "./model";
import type { AgentSession, AgentSessionStore } from "./sessions";
import { understand } from "./understand";
import { Pace, SimRequestError, chunks, estimateTokens, makeId, parseBody, readJson, simContext, type SimService } from "./wire";

/**
 * Bedrock Agent Runtime's InvokeAgent, played by a simulated agent: it runs the same brain as its
 * orchestrator and hands each action back to the caller by return of control, as an agent whose
 * action group has no Lambda does.
 *
 * The instruction the simulated agent was created with. Like the real one (bedrock:setup), it holds
 * no date or club facts: those travel with each InvokeAgent as prompt session attributes, which
 * Bedrock puts into that call's prompt only.
 */
const AGENT_INSTRUCTIONS =
  "You are the booking assistant of a tennis club. Today's date, the time and the courts are given with each request; use them. Always call check_availability before booking. Book only when the member asked to book, and only one slot per request. Keep answers short and friendly.";
const ACTION_GROUP = "club-actions";
/**
 * The action group's functions as the simulated agent was created with them. Like the real one
 * (bedrock:setup), booking and cancelling have `requireConfirmation: ENABLED`: return of control asks
 * the caller for the user's confirmation of those, and a DENY in the result means it did not happen.
 */
const AGENT_TOOLS = [
  {
    name: "check_availability",
    description: "Free court slots on a date, optionally at one time.",
    parameters: {
      type: "object",
      properties: { date: { type: "string", description: "YYYY-MM-DD" }, time: { type: "string", description: "HH:MM" } },
      required: ["date"],
    },
  },
  {
    name: "book_slot",
    description: "Book one slot by its slot_id for the member.",
    parameters: { type: "object", properties: { slot_id: { type: "string" } }, required: ["slot_id"] },
    requireConfirmation: "ENABLED",
  },
  {
    name: "my_bookings",
    description: "The member's upcoming bookings, each with its booking_id.",
    parameters: { type: "object", properties: {}, required: [] },
  },
  {
    name: "cancel_booking",
    description: "Cancel one of the member's own bookings by its booking_id.",
    parameters: { type: "object", properties: { booking_id: { type: "string" } }, required: ["booking_id"] },
    requireConfirmation: "ENABLED",
  },
];
const CONFIRMED = new Set(AGENT_TOOLS.filter((t) => t.requireConfirmation === "ENABLED").map((t) => t.name));

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
        .array(
          z.looseObject({
            functionResult: z
              .looseObject({
                actionGroup: z.string(),
                function: z.string().optional(),
                responseBody: z.record(z.string(), z.looseObject({ body: z.string() })).optional(),
                responseState: z.enum(["FAILURE", "REPROMPT"]).optional(),
                confirmationState: z.enum(["CONFIRM", "DENY"]).optional(),
              })
              .optional(),
          }),
        )
        .optional(),
      promptSessionAttributes: z.record(z.string(), z.string()).optional(),
      sessionAttributes: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
});
/** InvokeAgent's path: the agent, its alias and the session. */
const SESSION_PATH = /^\/agents\/([^/]+)\/agentAliases\/([^/]+)\/sessions\/([^/]+)\/text$/;

type ActionResult = NonNullable<NonNullable<z.infer<typeof InvokeAgentBody>["sessionState"]>["returnControlInvocationResults"]>[number];

export async function bedrockAgentHandler(req: Request, path: string, service: SimService): Promise<Response> {
  const route = SESSION_PATH.exec(path);
  if (req.method !== "POST" || !route) throw new SimRequestError(`${req.method} ${path} is not supported`, 404);
  const owner = awsCaller(req);
  const [agentId, agentAliasId, sessionId] = route.slice(1).map(awsId);
  const ctx = simContext(req, service);
  const body = parseBody(InvokeAgentBody, await readJson(req, ctx));
  // Sessions belong to the caller that created them: another caller's ids reach a session of its own.
  const key = `${agentId}/${sessionId}`;
  const session: AgentSession = (await service.agentSessions.get(owner, key)) ?? { messages: [] };
  const state = body.sessionState ?? {};
  const results = state.returnControlInvocationResults ?? [];
  const inputText = body.inputText?.trim() ?? "";
  if (!results.length && !inputText) throw new SimRequestError("inputText is required unless returnControlInvocationResults are sent.");
  await vendorFault(ctx, "DependencyFailedException");

  const observations = results.length ? takeResults(session, state.invocationId, results) : [];
  if (inputText) session.messages.push({ role: "user", text: inputText });

  const attributes = Object.values(state.promptSessionAttributes ?? {}).join("\n");
  const system = attributes ? `${AGENT_INSTRUCTIONS}\n${attributes}` : AGENT_INSTRUCTIONS;
  const verdict = inputText ? preProcess(inputText, session.messages.at(-2)) : null;
  const conv = {
    system,
    messages: session.messages,
    tools: verdict && !verdict.isValid ? [] : AGENT_TOOLS.map(({ requireConfirmation: _confirm, ...tool }) => tool),
  };
  const turn = verdict && !verdict.isValid ? refusal(verdict, conv, ctx, key) : think(conv, ctx, "toolu_", key);
  const invocationId = `${makeId("", turn.seed, 1, 8).toLowerCase()}-sim`;
  if (turn.calls.length) {
    session.messages.push({ role: "assistant", toolCalls: turn.calls });
    session.pending = { invocationId, calls: turn.calls };
  } else session.messages.push({ role: "assistant", text: turn.text });
  if (body.endSession === true) await service.agentSessions.end(owner, key);
  else await service.agentSessions.save(owner, key, session);

  const trace = (t: Record<string, unknown>): AwsEvent => ({
    type: "trace",
    body: { agentId, agentAliasId, sessionId, agentVersion: "1", eventTime: new Date().toISOString(), trace: t },
  });
  const traceId = `${makeId("", turn.seed, 2, 8).toLowerCase()}-trace`;
  const traces =
    body.enableTrace === true
      ? agentTraces(turn, { traceId, inputText, observations, invocationId, prompt: JSON.stringify(conv), system, verdict })
      : [];

  return eventStreamResponse(
    async function* (signal): AsyncGenerator<AwsEvent> {
      const pace = new Pace(ctx, signal);
      await pace.firstToken(turn.usage.input);
      for (const t of traces) yield trace(t);
      if (turn.calls.length) {
        yield {
          type: "returnControl",
          body: {
            invocationId,
            invocationInputs: turn.calls.map((c) => ({
              functionInvocationInput: {
                actionGroup: ACTION_GROUP,
                function: c.name,
                actionInvocationType: CONFIRMED.has(c.name) ? "USER_CONFIRMATION_AND_RESULT" : "RESULT",
                parameters: parameters(c.args),
              },
            })),
          },
        };
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

/** One InvokeAgent exchange as it went over the wire: the request's JSON body and the response's event-stream messages. */
export type AgentExchange = { request: unknown; events: AwsEvent[] };

/**
 * Lays recorded InvokeAgent exchanges into the session an InvokeAgent request addresses (its caller
 * and path), as the agent kept them when it answered them: what it was told, the actions it handed
 * back, what it answered. A fork of an agent's run goes on from there in a session of its own.
 */
export async function takeInExchanges(req: Request, path: string, store: AgentSessionStore, exchanges: AgentExchange[]): Promise<void> {
  const route = SESSION_PATH.exec(path);
  if (!route) throw new SimRequestError(`${path} is not an agent session`, 404);
  const owner = awsCaller(req);
  const [agentId, , sessionId] = route.slice(1).map(awsId);
  const key = `${agentId}/${sessionId}`;
  const session: AgentSession = (await store.get(owner, key)) ?? { messages: [] };
  for (const exchange of exchanges) takeIn(session, exchange);
  await store.save(owner, key, session);
}

/** One recorded exchange into the session, in the order the agent takes a request in; one that failed left the session as it was. */
function takeIn(session: AgentSession, { request, events }: AgentExchange): void {
  const body = InvokeAgentBody.safeParse(request);
  const control = events.find((e) => e.type === "returnControl")?.body as
    | {
        invocationId?: string;
        invocationInputs?: { functionInvocationInput?: { function?: string; parameters?: { name?: string; value?: string }[] } }[];
      }
    | undefined;
  const text = events
    .filter((e) => e.type === "chunk")
    .map((e) => Buffer.from((e.body as { bytes?: string }).bytes ?? "", "base64").toString("utf8"))
    .join("");
  if (!body.success || (!control && !text)) return;
  const state = body.data.sessionState ?? {};
  const results = state.returnControlInvocationResults ?? [];
  if (results.length && session.pending && state.invocationId === session.pending.invocationId)
    takeResults(session, state.invocationId, results);
  const inputText = body.data.inputText?.trim();
  if (inputText) session.messages.push({ role: "user", text: inputText });
  if (!control?.invocationId) {
    session.messages.push({ role: "assistant", text });
    return;
  }
  // The wire names each action and its parameters, not the model's call ids: the session gets ids of its own.
  const calls = (control.invocationInputs ?? []).flatMap(({ functionInvocationInput: input }, i) =>
    input?.function
      ? [
          {
            id: makeId("toolu_", control.invocationId!, i),
            name: input.function,
            args: Object.fromEntries((input.parameters ?? []).map((p) => [p.name ?? "", p.value])),
          },
        ]
      : [],
  );
  session.messages.push({ role: "assistant", toolCalls: calls });
  session.pending = { invocationId: control.invocationId, calls: calls.map(({ id, name }) => ({ id, name })) };
}

/** A path segment that names an agent, alias or session, as AWS constrains them. */
function awsId(segment: string): string {
  let id = "";
  try {
    id = decodeURIComponent(segment);
  } catch {
    // reported below
  }
  if (!AWS_ID.test(id))
    throw new SimRequestError(
      "1 validation error detected: Value at 'sessionId' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9a-zA-Z._:-]+",
    );
  return id;
}

/** Adds the caller's action results to the session as tool turns; returns their texts for the trace. */
function takeResults(session: AgentSession, invocationId: string | undefined, results: ActionResult[]): string[] {
  const pending = session.pending;
  if (!pending || invocationId !== pending.invocationId)
    throw new SimRequestError(`No action is waiting for invocation id ${String(invocationId).slice(0, 100)} in this session.`);
  session.pending = undefined;
  return results.map((r) => {
    const result = r.functionResult ?? { actionGroup: ACTION_GROUP };
    const call = pending.calls.find((c) => c.name === result.function) ?? pending.calls[0];
    const body = result.responseBody?.TEXT ? result.responseBody.TEXT.body : JSON.stringify(result.responseBody ?? {});
    // A denied confirmation: the action did not run, whatever else the caller sent with it.
    const denied = result.confirmationState === "DENY" && CONFIRMED.has(call.name);
    const content = denied
      ? (result.responseBody?.TEXT?.body ??
        JSON.stringify({ error: { code: "denied", message: `The user denied ${call.name}, so it was not carried out.` } }))
      : result.responseState === "FAILURE" || result.responseState === "REPROMPT"
        ? `Error: ${body}`
        : body;
    session.messages.push({ role: "tool", callId: call.id, name: call.name, content });
    return content;
  });
}

function parameters(args: Record<string, unknown>) {
  return Object.entries(args)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([name, value]) => ({ name, type: "string", value: String(value) }));
}

type Verdict = { category: "A" | "B" | "C" | "D" | "E"; isValid: boolean; rationale: string };
type TraceInput = {
  traceId: string;
  inputText: string;
  observations: string[];
  invocationId: string;
  prompt: string;
  system: string;
  verdict: Verdict | null;
};

/**
 * Bedrock's pre-processing step: sorts the input into its categories — A malicious or harmful,
 * B asking about the agent's instructions or functions, C off-topic or not in English (this model
 * reads English only), D answerable with the agent's functions or the conversation, E an answer to
 * the agent's own question — and lets only D and E through to orchestration.
 */
function preProcess(input: string, previous: Turn | undefined): Verdict {
  const text = input.slice(0, 2000);
  const quoted = `"${text.length > 80 ? `${text.slice(0, 77)}...` : text}"`;
  if (
    /\b(?:ignore (?:all |any )?(?:previous|prior|above|your) (?:instructions|rules)|disregard (?:the|your|all) (?:rules|instructions)|you are now|jailbreak|pretend (?:to be|you are)|^system\s*:|limits? (?:is|are) lifted|bypass)\b/i.test(
      text,
    )
  ) {
    return {
      category: "A",
      isValid: false,
      rationale: `The input ${quoted} tries to override the agent's instructions, which is category A (malicious or harmful).`,
    };
  }
  if (/\b(?:your|the agent's|the system) (?:instructions|prompt|system prompt|functions|tools|api|configuration)\b/i.test(text)) {
    return {
      category: "B",
      isValid: false,
      rationale: `The input ${quoted} asks about the agent's instructions or functions, which is category B.`,
    };
  }
  const u = understand(text, null);
  if (u.intent === "foreign" || u.intent === "offtopic") {
    return {
      category: "C",
      isValid: false,
      rationale: `The input ${quoted} is ${u.intent === "foreign" ? "not in English, which this agent does not read" : "not about booking the club's courts"}, which is category C.`,
    };
  }
  const asked = previous && "text" in previous && previous.role === "assistant" && /\?\s*$/.test(previous.text.trim());
  if (asked && (u.confirms || u.declines || !u.intent || u.intent === "smalltalk")) {
    return {
      category: "E",
      isValid: true,
      rationale: `The input ${quoted} answers the agent's question "${previous.text.trim().slice(-80)}", which is category E.`,
    };
  }
  const what =
    u.intent === "book"
      ? "a booking request the booking functions can carry out"
      : u.intent === "check"
        ? "a question about free courts the availability function can answer"
        : u.intent === "list" || u.intent === "cancel"
          ? "about the member's own bookings"
          : u.intent === "club"
            ? "a question about the club the agent's instructions can answer"
            : "conversation the agent can answer directly";
  return { category: "D", isValid: true, rationale: `The input ${quoted} is ${what}, which is category D.` };
}

/** The agent's answer when pre-processing rejects the input: no orchestration runs. */
function refusal(verdict: Verdict, conv: { system: string; messages: Turn[] }, ctx: ReturnType<typeof simContext>, key: string): ModelTurn {
  if (verdict.category === "C") return think({ ...conv, tools: [] }, ctx, "toolu_", key);
  const text = "Sorry, I can't help with that. I can check free courts, book one for you, show your bookings or cancel one.";
  const seed = makeId("", `${key}\n${JSON.stringify(conv.messages)}`, 3);
  return {
    seed,
    text,
    calls: [],
    usage: { input: estimateTokens(conv.system + JSON.stringify(conv.messages)), output: estimateTokens(text) },
    generated: text,
  };
}

/** The steps an agent reports with enableTrace: pre-processing, one orchestration step, post-processing. */
function agentTraces(turn: ModelTurn, t: TraceInput): Record<string, unknown>[] {
  const usage = { inputTokens: turn.usage.input, outputTokens: turn.usage.output };
  const orchestration = (step: Record<string, unknown>) => ({ orchestrationTrace: step });
  const traces: Record<string, unknown>[] = [];
  if (t.verdict) {
    const prompt = `${t.system}\nClassify the member's input into category A-E.\nInput: ${t.inputText}`;
    const answer = `<category>${t.verdict.category}</category> ${t.verdict.rationale}`;
    traces.push({ preProcessingTrace: { modelInvocationInput: { traceId: `${t.traceId}-pre-0`, text: prompt, type: "PRE_PROCESSING" } } });
    traces.push({
      preProcessingTrace: {
        modelInvocationOutput: {
          traceId: `${t.traceId}-pre-0`,
          rawResponse: { content: answer },
          parsedResponse: { isValid: t.verdict.isValid, rationale: t.verdict.rationale },
          metadata: { usage: { inputTokens: estimateTokens(prompt), outputTokens: estimateTokens(answer) } },
        },
      },
    });
    if (!t.verdict.isValid) {
      traces.push(orchestration({ observation: { traceId: `${t.traceId}-0`, type: "FINISH", finalResponse: { text: turn.text } } }));
      return traces;
    }
  }
  for (const text of t.observations)
    traces.push(orchestration({ observation: { traceId: `${t.traceId}-0`, type: "ACTION_GROUP", actionGroupInvocationOutput: { text } } }));
  traces.push(orchestration({ modelInvocationInput: { traceId: `${t.traceId}-0`, text: t.prompt, type: "ORCHESTRATION" } }));
  traces.push(
    orchestration({
      modelInvocationOutput: {
        traceId: `${t.traceId}-0`,
        rawResponse: { content: turn.calls.length ? JSON.stringify(turn.calls.map((c) => ({ name: c.name, input: c.args }))) : turn.text },
        metadata: { usage },
      },
    }),
  );
  const call = turn.calls[0];
  traces.push(
    orchestration({
      rationale: {
        traceId: `${t.traceId}-0`,
        text: call ? `To answer the member I need ${call.name} with ${call.argsText}.` : "I have what I need to answer the member.",
      },
    }),
  );
  if (call) {
    traces.push(
      orchestration({
        invocationInput: {
          traceId: `${t.traceId}-0`,
          invocationType: "ACTION_GROUP",
          actionGroupInvocationInput: {
            actionGroupName: ACTION_GROUP,
            function: call.name,
            parameters: parameters(call.args),
            executionType: "RETURN_CONTROL",
            invocationId: t.invocationId,
          },
        },
      }),
    );
    return traces;
  }
  traces.push(orchestration({ observation: { traceId: `${t.traceId}-0`, type: "FINISH", finalResponse: { text: turn.text } } }));
  // Post-processing rewrites the final answer from what the actions returned; this one keeps it as it is.
  const post = `Member: ${t.inputText || "(action results)"}\nAction results: ${t.observations.join("\n") || "none"}\nDraft answer: ${turn.text}\nWrite the final answer for the member.`;
  traces.push({ postProcessingTrace: { modelInvocationInput: { traceId: `${t.traceId}-post-0`, text: post, type: "POST_PROCESSING" } } });
  traces.push({
    postProcessingTrace: {
      modelInvocationOutput: {
        traceId: `${t.traceId}-post-0`,
        parsedResponse: { text: turn.text },
        metadata: { usage: { inputTokens: estimateTokens(post), outputTokens: estimateTokens(turn.text) } },
      },
    },
  });
  return traces;
}
