process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";

import { InvokeAgentCommand } from "@aws-sdk/client-bedrock-agent-runtime";
import { ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { afterEach, describe, expect, it } from "vitest";
import { createClients } from "@/lib/llm";
import { CHAOS_HEADER, publicSimHandler } from "@/lib/sim";
import { clearModelScript, setModelScript } from "@/lib/sim/script";
import { brokenArgs, call, json, malformedJson, say, scripted, type ScriptedModel } from "../patterns/scripted";

/**
 * The scripted model double answers on every vendor wire, through the vendors' own SDKs, and only
 * for the run a test registered it under, from this process's own clients.
 */
const RUN = "run_scripted-wire";
const BOOK = { slot_id: "2026-12-02_CourtB_1500" };
const TOOL = {
  name: "book_slot",
  description: "Book one slot by slot_id.",
  parameters: { type: "object", properties: { slot_id: { type: "string" } }, required: ["slot_id"] },
};

function withScript(model: ScriptedModel) {
  setModelScript(RUN, model);
  return createClients({ forceSim: true, runId: RUN });
}

afterEach(() => clearModelScript(RUN));

describe("the scripted model on every wire", () => {
  it("OpenAI Chat Completions: a tool call, then text, streamed and not", async () => {
    const { openai } = withScript(scripted(call("book_slot", BOOK), say("Booked.")));
    const tools = [{ type: "function" as const, function: TOOL }];
    const first = await openai.chat.completions.create({ model: "m", messages: [{ role: "user", content: "anything" }], tools });
    expect(
      first.choices[0].message.tool_calls?.map((c) => c.type === "function" && [c.function.name, JSON.parse(c.function.arguments)]),
    ).toEqual([["book_slot", BOOK]]);
    const stream = await openai.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "anything" }],
      tools,
      stream: true,
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("Booked.");
  });

  it("OpenAI Chat Completions: JSON, malformed JSON and broken tool arguments, as written", async () => {
    const { openai } = withScript(scripted(json({ intent: "book" }), malformedJson(), brokenArgs("book_slot", '{"slot_id": ')));
    const ask = () =>
      openai.chat.completions.create({
        model: "m",
        messages: [{ role: "user", content: "Return JSON with keys intent." }],
        response_format: { type: "json_object" },
        tools: [{ type: "function", function: TOOL }],
      });
    expect((await ask()).choices[0].message.content).toBe('{"intent":"book"}');
    const broken = (await ask()).choices[0].message.content!;
    expect(() => JSON.parse(broken)).toThrow();
    const args = (await ask()).choices[0].message.tool_calls?.[0];
    expect(args?.type === "function" && args.function.arguments).toBe('{"slot_id": ');
  });

  it("OpenAI Responses, streamed: a function call", async () => {
    const { openai } = withScript(scripted(call("book_slot", BOOK)));
    const stream = await openai.responses.create({
      model: "m",
      input: "anything",
      tools: [{ type: "function", name: TOOL.name, description: TOOL.description, parameters: TOOL.parameters, strict: false }],
      stream: true,
    });
    const done: { name: string; arguments: string }[] = [];
    for await (const event of stream)
      if (event.type === "response.output_item.done" && event.item.type === "function_call") done.push(event.item);
    expect(done.map((c) => [c.name, JSON.parse(c.arguments)])).toEqual([["book_slot", BOOK]]);
  });

  it("Anthropic Messages, streamed: tool use, then text", async () => {
    const { anthropic } = withScript(scripted(call("book_slot", BOOK), say("Booked.")));
    const tools = [{ name: TOOL.name, description: TOOL.description, input_schema: TOOL.parameters as { type: "object" } }];
    const first = await anthropic.messages
      .stream({ model: "m", max_tokens: 100, messages: [{ role: "user", content: "anything" }], tools })
      .finalMessage();
    expect(first.content.map((b) => b.type === "tool_use" && [b.name, b.input])).toEqual([["book_slot", BOOK]]);
    const second = await anthropic.messages
      .stream({ model: "m", max_tokens: 100, messages: [{ role: "user", content: "anything" }], tools })
      .finalText();
    expect(second).toBe("Booked.");
  });

  it("Bedrock ConverseStream: tool use", async () => {
    const { bedrock } = withScript(scripted(call("book_slot", BOOK)));
    const res = await bedrock.send(
      new ConverseStreamCommand({
        modelId: "m",
        messages: [{ role: "user", content: [{ text: "anything" }] }],
        toolConfig: { tools: [{ toolSpec: { name: TOOL.name, description: TOOL.description, inputSchema: { json: TOOL.parameters } } }] },
      }),
    );
    let name = "";
    let input = "";
    for await (const event of res.stream ?? []) {
      name ||= event.contentBlockStart?.start?.toolUse?.name ?? "";
      input += event.contentBlockDelta?.delta?.toolUse?.input ?? "";
    }
    expect([name, JSON.parse(input)]).toEqual(["book_slot", BOOK]);
  });

  it("Bedrock InvokeAgent: return of control with the scripted function and parameters", async () => {
    const { bedrockAgent } = withScript(scripted(call("cancel_booking", { booking_id: "b1" })));
    const res = await bedrockAgent.send(
      new InvokeAgentCommand({ agentId: "a", agentAliasId: "b", sessionId: "scripted-s", inputText: "anything" }),
    );
    const controls = [];
    for await (const event of res.completion ?? []) if (event.returnControl) controls.push(event.returnControl);
    expect(
      controls
        .flatMap((c) => c.invocationInputs ?? [])
        .map((i) => [i.functionInvocationInput?.function, i.functionInvocationInput?.parameters]),
    ).toEqual([["cancel_booking", [{ name: "booking_id", type: "string", value: "b1" }]]]);
  });

  it("answers only its own run: another run id gets the brain", async () => {
    const model = scripted(say("scripted"));
    setModelScript(RUN, model);
    const { openai } = createClients({ forceSim: true, runId: "run_someone-else" });
    const res = await openai.chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] });
    expect(res.choices[0].message.content).not.toBe("scripted");
    expect(model.left).toBe(1);
  });

  it("is not reachable over HTTP: the public sim route with the run's id in the chaos header gets the brain", async () => {
    const model = scripted(say("scripted"));
    setModelScript(RUN, model);
    const res = await publicSimHandler(
      new Request("http://club.test/api/sim/openai/v1/chat/completions", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: "Bearer sk-outsider",
          [CHAOS_HEADER]: JSON.stringify({ runId: RUN }),
        },
        body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }),
      }),
    );
    expect((await res.json()).choices[0].message.content).not.toBe("scripted");
    expect(model.left).toBe(1);
  });
});
