process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";

import Anthropic from "@anthropic-ai/sdk";
import { InvokeAgentCommand, type InvokeAgentCommandOutput } from "@aws-sdk/client-bedrock-agent-runtime";
import { ConverseCommand, ConverseStreamCommand, ThrottlingException, type Message } from "@aws-sdk/client-bedrock-runtime";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { slotsOfDay } from "@/lib/domain/slots";
import { createClients, vendorModes } from "@/lib/llm";

const TOOL_PARAMS = {
  check: { type: "object", properties: { date: { type: "string" }, time: { type: "string" } }, required: ["date"] },
  book: { type: "object", properties: { slot_id: { type: "string" } }, required: ["slot_id"] },
};
const TOOLS = [
  {
    name: "check_availability",
    description: "Free court slots on a date (YYYY-MM-DD), optionally at a time (HH:MM).",
    parameters: TOOL_PARAMS.check,
  },
  { name: "book", description: "Book one slot by slot_id.", parameters: TOOL_PARAMS.book },
];
const ASK = "Book court C tomorrow at 3pm please";
/** A real model learns today's date from its prompt; so does the simulated one. */
const TODAY = "Today is Tuesday 1 December 2026 (2026-12-01), the time is 10:30.";

/** The club's tools as the tests run them: availability from the domain's slot grid, a booking that always succeeds. */
function runTool(name: string, args: Record<string, unknown>): string {
  if (name === "check_availability") return JSON.stringify(slotsOfDay(String(args.date), args.time ? String(args.time) : undefined));
  return JSON.stringify({ booking_id: "bk_1", slot_id: args.slot_id, court: "Court C", date: "2026-12-02", time: "15:00" });
}

const sim = () => createClients({ forceSim: true });

describe("vendor modes", () => {
  it("is sim without credentials", () => {
    expect(vendorModes()).toEqual({ openai: "sim", anthropic: "sim", bedrock: "sim", "bedrock-agent": "sim" });
    expect(sim().modes).toEqual({ openai: "sim", anthropic: "sim", bedrock: "sim", "bedrock-agent": "sim" });
  });
});

describe("OpenAI chat completions", () => {
  const tools = TOOLS.map((t) => ({ type: "function" as const, function: t }));

  it("answers without tools, streamed and not", async () => {
    const { openai } = sim();
    const res = await openai.chat.completions.create({ model: "gpt-4.1-mini", messages: [{ role: "user", content: "hi" }] });
    expect(res.choices[0].message.content).toMatch(/^Hi!/);
    expect(res.usage!.total_tokens).toBeGreaterThan(0);
    const stream = await openai.chat.completions.create({
      model: "gpt-4.1-mini",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let deltas = 0;
    let usage;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) {
        text += chunk.choices[0].delta.content;
        deltas++;
      }
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(res.choices[0].message.content);
    expect(deltas).toBeGreaterThan(3);
    expect(usage).toEqual(res.usage);
  });

  it("runs a tool round trip through the stream helper", async () => {
    const { openai } = sim();
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: "system", content: TODAY },
      { role: "user", content: ASK },
    ];
    const names: string[] = [];
    for (let round = 0; round < 4; round++) {
      const final = await openai.chat.completions.stream({ model: "m", messages, tools }).finalChatCompletion();
      const msg = final.choices[0].message;
      messages.push(msg);
      if (!msg.tool_calls?.length) break;
      for (const call of msg.tool_calls) {
        if (call.type !== "function") continue;
        names.push(call.function.name);
        messages.push({ role: "tool", tool_call_id: call.id, content: runTool(call.function.name, JSON.parse(call.function.arguments)) });
      }
    }
    expect(names).toEqual(["check_availability", "book"]);
    expect(messages[2]).toMatchObject({
      tool_calls: [{ function: { name: "check_availability", arguments: JSON.stringify({ date: "2026-12-02", time: "15:00" }) } }],
    });
    expect(messages[4]).toMatchObject({ tool_calls: [{ function: { arguments: JSON.stringify({ slot_id: "2026-12-02_CourtC_1500" }) } }] });
    expect(String(messages.at(-1)!.content)).toContain("Court C is booked");
  });

  it("returns JSON with the schema's keys", async () => {
    const { openai } = sim();
    const schema = {
      type: "object",
      properties: {
        intent: { type: "string" },
        date: { type: ["string", "null"] },
        time: { type: ["string", "null"] },
        court: { type: ["string", "null"] },
      },
    };
    const res = await openai.chat.completions.create({
      model: "m",
      messages: [
        { role: "system", content: `Extract the booking request. ${TODAY}` },
        { role: "user", content: "can i get court c on thursday at 6pm?" },
      ],
      response_format: { type: "json_schema", json_schema: { name: "request", schema } },
    });
    expect(JSON.parse(res.choices[0].message.content!)).toEqual({ intent: "book", date: "2026-12-03", time: "18:00", court: "C" });
    const loose = await openai.chat.completions.create({
      model: "m",
      messages: [
        { role: "system", content: TODAY },
        { role: "user", content: "Is a court free tomorrow evening? Respond with JSON." },
      ],
      response_format: { type: "json_object" },
    });
    expect(JSON.parse(loose.choices[0].message.content!)).toMatchObject({ intent: "check", date: "2026-12-02", time: null });
  });

  it("surfaces a chaos 429 as RateLimitError, then recovers", async () => {
    const { openai } = createClients({ forceSim: true, chaos: { vendorError: { status: 429, times: 1 } }, runId: "sdk-openai-429" });
    await expect(openai.chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] })).rejects.toBeInstanceOf(
      OpenAI.RateLimitError,
    );
    await expect(openai.chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] })).resolves.toBeTruthy();
  });
});

describe("OpenAI responses", () => {
  const tools = TOOLS.map((t) => ({
    type: "function" as const,
    name: t.name,
    description: t.description,
    parameters: t.parameters,
    strict: false,
  }));

  it("answers, streamed and not", async () => {
    const { openai } = sim();
    const res = await openai.responses.create({ model: "m", instructions: "Be nice.", input: "hello there" });
    expect(res.output_text).toMatch(/^Hi!/);
    const stream = await openai.responses.create({ model: "m", instructions: "Be nice.", input: "hello there", stream: true });
    const types: string[] = [];
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "response.completed") completed = event.response;
    }
    expect(types.slice(0, 4)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
    ]);
    expect(types.filter((t) => t === "response.output_text.delta").length).toBeGreaterThan(3);
    expect(types.at(-1)).toBe("response.completed");
    expect(completed!.output).toEqual(res.output);
  });

  it("runs a function call round trip", async () => {
    const { openai } = sim();
    const input: OpenAI.Responses.ResponseInput = [{ role: "user", content: ASK }];
    const names: string[] = [];
    let text = "";
    for (let round = 0; round < 4 && !text; round++) {
      const res = await openai.responses.stream({ model: "m", instructions: TODAY, input, tools }).finalResponse();
      for (const item of res.output) {
        input.push(item as OpenAI.Responses.ResponseInputItem);
        if (item.type === "function_call") {
          names.push(item.name);
          input.push({ type: "function_call_output", call_id: item.call_id, output: runTool(item.name, JSON.parse(item.arguments)) });
        }
      }
      text = res.output_text;
    }
    expect(names).toEqual(["check_availability", "book"]);
    expect(text).toContain("Court C is booked");
  });
});

describe("Anthropic messages", () => {
  const tools = TOOLS.map((t) => ({ name: t.name, description: t.description, input_schema: t.parameters as Anthropic.Tool.InputSchema }));

  it("answers, streamed and not", async () => {
    const { anthropic } = sim();
    const res = await anthropic.messages.create({
      model: "claude",
      max_tokens: 500,
      messages: [{ role: "user", content: "what can you do?" }],
    });
    expect(res.content[0]).toMatchObject({ type: "text", text: expect.stringMatching(/booking assistant/) });
    const stream = anthropic.messages.stream({
      model: "claude",
      max_tokens: 500,
      messages: [{ role: "user", content: "what can you do?" }],
    });
    let deltas = 0;
    stream.on("text", () => deltas++);
    const final = await stream.finalMessage();
    expect(final.content).toEqual(res.content);
    expect(deltas).toBeGreaterThan(3);
  });

  it("runs a tool_use round trip, streamed", async () => {
    const { anthropic } = sim();
    const messages: Anthropic.MessageParam[] = [{ role: "user", content: ASK }];
    const names: string[] = [];
    let final: Anthropic.Message | undefined;
    for (let round = 0; round < 4; round++) {
      final = await anthropic.messages.stream({ model: "claude", max_tokens: 500, system: TODAY, messages, tools }).finalMessage();
      messages.push({ role: "assistant", content: final.content });
      const uses = final.content.filter((b) => b.type === "tool_use");
      if (!uses.length) break;
      messages.push({
        role: "user",
        content: uses.map(
          (u) => (
            names.push(u.name),
            { type: "tool_result" as const, tool_use_id: u.id, content: runTool(u.name, u.input as Record<string, unknown>) }
          ),
        ),
      });
    }
    expect(names).toEqual(["check_availability", "book"]);
    expect(final!.stop_reason).toBe("end_turn");
  });

  it("surfaces a chaos 429 as RateLimitError", async () => {
    const { anthropic } = createClients({ forceSim: true, chaos: { vendorError: { status: 429, times: 1 } }, runId: "sdk-anthropic-429" });
    await expect(
      anthropic.messages.create({ model: "c", max_tokens: 10, messages: [{ role: "user", content: "hi" }] }),
    ).rejects.toBeInstanceOf(Anthropic.RateLimitError);
  });
});

describe("Bedrock Converse", () => {
  const toolConfig = {
    tools: TOOLS.map((t) => ({ toolSpec: { name: t.name, description: t.description, inputSchema: { json: t.parameters as never } } })),
  };

  async function converse(stream: boolean) {
    const { bedrock, models } = sim();
    const messages: Message[] = [{ role: "user", content: [{ text: ASK }] }];
    const names: string[] = [];
    for (let round = 0; round < 4; round++) {
      let message: Message;
      if (stream) {
        const res = await bedrock.send(
          new ConverseStreamCommand({ modelId: models.bedrock, system: [{ text: TODAY }], messages, toolConfig }),
        );
        message = { role: "assistant", content: [] };
        let text = "";
        let tool: { toolUseId?: string; name?: string; input: string } | null = null;
        for await (const e of res.stream!) {
          if (e.contentBlockStart?.start?.toolUse) tool = { ...e.contentBlockStart.start.toolUse, input: "" };
          if (e.contentBlockDelta?.delta?.text) text += e.contentBlockDelta.delta.text;
          if (e.contentBlockDelta?.delta?.toolUse) tool!.input += e.contentBlockDelta.delta.toolUse.input;
          if (e.metadata) expect(e.metadata.usage!.totalTokens).toBeGreaterThan(0);
        }
        message.content!.push(tool ? { toolUse: { toolUseId: tool.toolUseId, name: tool.name, input: JSON.parse(tool.input) } } : { text });
      } else {
        const res = await bedrock.send(new ConverseCommand({ modelId: models.bedrock, system: [{ text: TODAY }], messages, toolConfig }));
        message = res.output!.message!;
      }
      messages.push(message);
      const uses = message.content!.flatMap((b) => (b.toolUse ? [b.toolUse] : []));
      if (!uses.length) break;
      messages.push({
        role: "user",
        content: uses.map(
          (u) => (
            names.push(u.name!),
            {
              toolResult: { toolUseId: u.toolUseId, content: [{ json: JSON.parse(runTool(u.name!, u.input as Record<string, unknown>)) }] },
            }
          ),
        ),
      });
    }
    return { names, text: messages.at(-1)!.content![0].text };
  }

  it("runs a tool round trip with Converse", async () => {
    const { names, text } = await converse(false);
    expect(names).toEqual(["check_availability", "book"]);
    expect(text).toContain("Court C is booked");
  });

  it("runs a tool round trip with ConverseStream", async () => {
    const { names, text } = await converse(true);
    expect(names).toEqual(["check_availability", "book"]);
    expect(text).toContain("Court C is booked");
  });

  it("surfaces a chaos 429 as ThrottlingException", async () => {
    const { bedrock } = createClients({ forceSim: true, chaos: { vendorError: { status: 429, times: 1 } }, runId: "sdk-bedrock-429" });
    await expect(
      bedrock.send(new ConverseCommand({ modelId: "m", messages: [{ role: "user", content: [{ text: "hi" }] }] })),
    ).rejects.toBeInstanceOf(ThrottlingException);
  });
});

describe("Bedrock Agent InvokeAgent", () => {
  async function drain(res: InvokeAgentCommandOutput) {
    const out = {
      text: "",
      traces: [] as string[],
      control: undefined as NonNullable<InvokeAgentCommandOutput["completion"]> extends AsyncIterable<infer E>
        ? E extends { returnControl?: infer R }
          ? R
          : never
        : never,
    };
    for await (const e of res.completion!) {
      if (e.chunk?.bytes) out.text += new TextDecoder().decode(e.chunk.bytes);
      if (e.trace?.trace) out.traces.push(Object.keys(e.trace.trace)[0] + "." + Object.keys(Object.values(e.trace.trace)[0] as object)[0]);
      if (e.returnControl) out.control = e.returnControl;
    }
    return out;
  }

  it("hands actions back by return of control until it can answer", async () => {
    const { bedrockAgent, agent } = sim();
    const ids = { agentId: agent.agentId, agentAliasId: agent.agentAliasId, sessionId: "sdk-agent-1" };
    let res = await drain(
      await bedrockAgent.send(
        new InvokeAgentCommand({ ...ids, inputText: ASK, enableTrace: true, sessionState: { promptSessionAttributes: { today: TODAY } } }),
      ),
    );
    expect(res.traces).toContain("preProcessingTrace.modelInvocationInput");
    expect(res.traces).toContain("orchestrationTrace.invocationInput");
    const calls: string[] = [];
    while (res.control) {
      const input = res.control.invocationInputs![0].functionInvocationInput!;
      const args = Object.fromEntries(input.parameters!.map((p) => [p.name!, p.value!]));
      calls.push(`${input.function}(${JSON.stringify(args)})`);
      const body = runTool(input.function!, args);
      res = await drain(
        await bedrockAgent.send(
          new InvokeAgentCommand({
            ...ids,
            enableTrace: true,
            sessionState: {
              promptSessionAttributes: { today: TODAY },
              invocationId: res.control.invocationId,
              returnControlInvocationResults: [
                { functionResult: { actionGroup: input.actionGroup!, function: input.function, responseBody: { TEXT: { body } } } },
              ],
            },
          }),
        ),
      );
    }
    expect(calls).toEqual(['check_availability({"date":"2026-12-02","time":"15:00"})', 'book_slot({"slot_id":"2026-12-02_CourtC_1500"})']);
    expect(res.text).toContain("Court C is booked");
    expect(res.traces).toContain("postProcessingTrace.modelInvocationOutput");
  });

  it("surfaces a chaos 429 as ThrottlingException", async () => {
    const { bedrockAgent } = createClients({ forceSim: true, chaos: { vendorError: { status: 429, times: 1 } }, runId: "sdk-agent-429" });
    const { ThrottlingException: AgentThrottling } = await import("@aws-sdk/client-bedrock-agent-runtime");
    await expect(
      bedrockAgent.send(new InvokeAgentCommand({ agentId: "a", agentAliasId: "b", sessionId: "s", inputText: "hi" })),
    ).rejects.toBeInstanceOf(AgentThrottling);
  });
});
