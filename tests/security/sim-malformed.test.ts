import { describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
import { POST as anthropicRoute } from "@/app/api/sim/anthropic/[...path]/route";
import { POST as bedrockAgentRoute } from "@/app/api/sim/bedrock-agent/[...path]/route";
import { POST as bedrockRoute } from "@/app/api/sim/bedrock/[...path]/route";
import { POST as openaiRoute } from "@/app/api/sim/openai/v1/[...path]/route";

/**
 * Issue 10, item 11: hostile bodies to every public simulated vendor answer 4xx in that vendor's
 * own error shape, never 500 (nor a thrown handler).
 */
const SIGNED = {
  authorization:
    "AWS4-HMAC-SHA256 Credential=AKIAMALFORMED0000001/20261201/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=0",
};

type Shape = (res: Response) => Promise<void>;

const openaiShape: Shape = async (res) => {
  const body = await res.json();
  expect(body).toEqual({
    error: {
      message: expect.any(String),
      type: "invalid_request_error",
      param: expect.toSatisfy((p) => p === null || typeof p === "string"),
      code: expect.toSatisfy((c) => c === null || typeof c === "string"),
    },
  });
};
const anthropicShape: Shape = async (res) => {
  expect(await res.json()).toEqual({
    type: "error",
    error: { type: expect.stringMatching(/^(invalid_request_error|not_found_error)$/), message: expect.any(String) },
  });
};
const awsShape: Shape = async (res) => {
  expect(res.headers.get("x-amzn-errortype")).toMatch(/^(ValidationException|UnsupportedMediaTypeException):/);
  expect(await res.json()).toEqual({ message: expect.any(String) });
};

type Adapter = {
  name: string;
  route: (req: Request) => Promise<Response>;
  url: string;
  headers?: Record<string, string>;
  valid: unknown;
  shape: Shape;
  hostile: unknown[];
};

/** A body given as JSON text, for shapes JSON.stringify cannot produce. */
class RawJson {
  constructor(readonly text: string) {}
}

/** A body with a JSON object 5,000 levels deep where `$` stands: parseable, but serialising it again overflows the stack. */
function deep(template: string): RawJson {
  return new RawJson(template.replace("$", `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`));
}

/** Bodies that break any adapter that trusts its input. */
const COMMON: unknown[] = [
  null,
  [],
  "a string",
  42,
  {},
  { messages: [null] },
  { messages: "hi" },
  { messages: [42] },
  { messages: { role: "user" } },
];

const ADAPTERS: Adapter[] = [
  {
    name: "OpenAI chat completions",
    route: openaiRoute,
    url: "/api/sim/openai/v1/chat/completions",
    valid: { model: "m", messages: [{ role: "user", content: "hi" }] },
    shape: openaiShape,
    hostile: [
      { model: "m", messages: [{ role: "user", content: 5 }] },
      { model: "m", messages: [{ role: "wizard", content: "hi" }] },
      { model: "m", messages: [{ role: "assistant", content: null, tool_calls: [null] }] },
      {
        model: "m",
        messages: [
          { role: "assistant", content: null, tool_calls: [{ id: "c", function: { name: "x", arguments: { not: "a string" } } }] },
        ],
      },
      { model: "m", messages: [{ role: "user", content: [null] }] },
      { model: "m", messages: [{ role: "user", content: "hi" }], tools: [null] },
      { model: "m", messages: [{ role: "user", content: "hi" }], tools: [{ type: "function", function: { name: 7 } }] },
      { model: "m", messages: [{ role: "user", content: "hi" }], response_format: "json" },
      { model: "m", messages: [{ role: "user", content: "hi" }], stream_options: 3 },
      { model: 7, messages: [{ role: "user", content: "hi" }] },
      deep(
        '{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"x","parameters":$}}]}',
      ),
    ],
  },
  {
    name: "OpenAI responses",
    route: openaiRoute,
    url: "/api/sim/openai/v1/responses",
    valid: { model: "m", input: "hi" },
    shape: openaiShape,
    hostile: [
      { model: "m" },
      { model: "m", input: [null] },
      { model: "m", input: 5 },
      { model: "m", input: [{ type: "function_call" }] },
      { model: "m", input: [{ type: "function_call_output", call_id: 1, output: "x" }] },
      { model: "m", input: [{ role: "user", content: { text: "hi" } }] },
      { model: "m", input: [{ role: "user" }] },
      { model: "m", input: "hi", tools: [null] },
      { model: "m", input: "hi", text: { format: null } },
      { model: "m", input: "hi", instructions: ["x"] },
      deep('{"model":"m","input":"hi","tools":[{"type":"function","name":"x","parameters":$}]}'),
    ],
  },
  {
    name: "Anthropic messages",
    route: anthropicRoute,
    url: "/api/sim/anthropic/v1/messages",
    valid: { model: "c", max_tokens: 10, messages: [{ role: "user", content: "hi" }] },
    shape: anthropicShape,
    hostile: [
      { model: "c", messages: [{ role: "user", content: "hi" }] },
      { model: "c", max_tokens: 10, messages: [{ role: "user", content: [null] }] },
      { model: "c", max_tokens: 10, messages: [{ role: "user", content: [{ type: "text" }] }] },
      {
        model: "c",
        max_tokens: 10,
        messages: [{ role: "assistant", content: [{ type: "tool_use", id: "t", name: "x", input: "not an object" }] }],
      },
      { model: "c", max_tokens: 10, messages: [{ role: "user", content: [{ type: "tool_result" }] }] },
      { model: "c", max_tokens: 10, messages: [{ role: "user", content: [{}] }] },
      { model: "c", max_tokens: 10, messages: [{ role: "user", content: "hi" }], system: 5 },
      { model: "c", max_tokens: 10, messages: [{ role: "user", content: "hi" }], tools: [{ input_schema: {} }] },
      { model: "c", max_tokens: "ten", messages: [{ role: "user", content: "hi" }] },
      deep('{"model":"c","max_tokens":10,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"x","input":$}]}]}'),
    ],
  },
  ...(["converse", "converse-stream"] as const).map((op) => ({
    name: `Bedrock ${op}`,
    route: bedrockRoute,
    url: `/api/sim/bedrock/model/m/${op}`,
    headers: SIGNED,
    valid: { messages: [{ role: "user", content: [{ text: "hi" }] }] },
    shape: awsShape,
    hostile: [
      { messages: [{ role: "user", content: "hi" }] },
      { messages: [{ role: "user", content: [null] }] },
      { messages: [{ role: "user", content: [{ text: 5 }] }] },
      { messages: [{ role: "bot", content: [{ text: "hi" }] }] },
      { messages: [{ role: "user", content: [{ toolResult: { toolUseId: "t", content: "x" } }] }] },
      { messages: [{ role: "assistant", content: [{ toolUse: { name: "x" } }] }] },
      { messages: [{ role: "user", content: [{ text: "hi" }] }], system: "be brief" },
      { messages: [{ role: "user", content: [{ text: "hi" }] }], toolConfig: { tools: [{ toolSpec: { name: "x" } }] } },
      { messages: [{ role: "user", content: [{ text: "hi" }] }], toolConfig: { tools: null } },
      deep('{"messages":[{"role":"assistant","content":[{"toolUse":{"toolUseId":"t","name":"x","input":$}}]}]}'),
    ],
  })),
  {
    name: "Bedrock InvokeAgent",
    route: bedrockAgentRoute,
    url: "/api/sim/bedrock-agent/agents/SIMAGENT01/agentAliases/TSTALIASID/sessions/malformed-1/text",
    headers: SIGNED,
    valid: { inputText: "hi" },
    shape: awsShape,
    hostile: [
      { inputText: 5 },
      { inputText: "" },
      { inputText: "x".repeat(25_001) },
      { inputText: "hi", sessionState: "none" },
      { sessionState: { invocationId: "x", returnControlInvocationResults: [null] } },
      { sessionState: { invocationId: "x", returnControlInvocationResults: [{ functionResult: { function: "book_slot" } }] } },
      {
        sessionState: {
          invocationId: "no-such-invocation",
          returnControlInvocationResults: [
            { functionResult: { actionGroup: "club-actions", function: "book_slot", responseBody: { TEXT: { body: "{}" } } } },
          ],
        },
      },
      { inputText: "hi", enableTrace: "yes" },
      deep('{"inputText":"hi","sessionState":{"extra":$}}'),
    ],
  },
];

function label(body: unknown): string {
  return body instanceof RawJson ? `${body.text.slice(0, 60)}… (5,000 levels deep)` : JSON.stringify(body).slice(0, 80);
}

function request(a: Adapter, body: string, headers: Record<string, string> = {}, url = a.url): Request {
  return new Request(`http://127.0.0.1${url}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...a.headers, ...headers },
    body,
  });
}

describe("malformed requests to the public simulated vendors", () => {
  for (const a of ADAPTERS) {
    describe(a.name, () => {
      it("answers a valid request (the baseline the hostile ones differ from)", async () => {
        const res = await a.route(request(a, JSON.stringify(a.valid)));
        expect(res.status).toBe(200);
      });

      it.each([...COMMON, ...a.hostile].map((body) => [label(body), body]))(
        "refuses %s with 400 in the vendor's shape",
        async (_label, body) => {
          const res = await a.route(request(a, body instanceof RawJson ? body.text : JSON.stringify(body)));
          expect(res.status).toBe(400);
          await a.shape(res);
        },
      );

      it.each([
        ["not JSON", '{"messages": ['],
        ["empty", ""],
        ["a deeply nested array", "[".repeat(100_000) + "]".repeat(100_000)],
      ])("refuses a body that is %s with 400 in the vendor's shape", async (_label, body) => {
        const res = await a.route(request(a, body));
        expect(res.status).toBe(400);
        await a.shape(res);
      });

      it("refuses a body that says it is not JSON with 415 in the vendor's shape", async () => {
        const res = await a.route(request(a, JSON.stringify(a.valid), { "content-type": "text/plain" }));
        expect(res.status).toBe(415);
        await a.shape(res);
      });
    });
  }

  it("refuses a session id that is not a valid AWS id, or not even valid percent-encoding", async () => {
    const agent = ADAPTERS.at(-1)!;
    for (const session of ["%E0", "has%20space", "x".repeat(101)]) {
      const res = await agent.route(
        request(
          agent,
          JSON.stringify(agent.valid),
          {},
          `/api/sim/bedrock-agent/agents/SIMAGENT01/agentAliases/TSTALIASID/sessions/${session}/text`,
        ),
      );
      expect(res.status).toBe(400);
      await awsShape(res);
    }
  });
});
