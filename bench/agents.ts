/**
 * What the playground adds to the agent patterns E, F and H: a full run through POST /api/chat (trace
 * events, span translation, database) against the bare SDK loop on the same simulated model, in
 * the same process, latency off. Uses whatever database the caller has configured.
 */
import { InvokeAgentCommand, type InvocationResultMember, type ReturnControlPayload } from "@aws-sdk/client-bedrock-agent-runtime";
import { Agent, OpenAIProvider, Runner, tool } from "@openai/agents";
import { z } from "zod";
import { checkAvailability } from "@/lib/domain/bookings";
import { createClients } from "@/lib/llm";
import { TOOL_SPECS } from "@/lib/patterns/kit/tools";
import type { PatternId } from "@/lib/patterns/types";
import { ASK, RUNS, measureEngine, msPerRun } from "./measure";

export type Row = { pattern: PatternId; runs: number; msPerRun: number; bareMsPerRun: number; ratio: number; firstEventMs: number };

export async function benchAgents(): Promise<Row[]> {
  process.env.SIM_LATENCY = "off";
  const rows: Row[] = [];
  for (const [pattern, bare] of [
    ["E", bareSingleAgent],
    ["F", bareManager],
    ["H", bareBedrockAgent],
  ] as const) {
    const full = await measureEngine(pattern);
    const bareMs = await msPerRun(bare);
    rows.push({
      pattern,
      runs: RUNS,
      msPerRun: full.msPerRun,
      bareMsPerRun: bareMs,
      ratio: full.msPerRun / bareMs,
      firstEventMs: full.firstEventMs,
    });
  }
  return rows;
}

const simClients = () => createClients({ forceSim: true, latency: "off" });

const check = tool({
  name: "check_availability",
  description: TOOL_SPECS.check_availability.description,
  parameters: z.object({ date: z.string(), time: z.string().nullable() }),
  execute: async ({ date, time }) => JSON.stringify(await checkAvailability(date, time ?? undefined)),
});

function bareRunner() {
  const clients = simClients();
  return new Runner({
    modelProvider: new OpenAIProvider({ openAIClient: clients.openai }),
    model: clients.models.openai,
    tracingDisabled: true,
  });
}

async function bareSingleAgent() {
  return bareRunner().run(new Agent({ name: "booking_agent", instructions: "Check before you book.", tools: [check] }), ASK);
}

async function bareManager() {
  const availability = new Agent({ name: "availability_agent", instructions: "List free courts.", tools: [check] });
  const manager = new Agent({
    name: "manager",
    instructions: "Route to your specialist.",
    tools: [availability.asTool({ toolName: "availability_agent", toolDescription: "Checks which courts are free." })],
  });
  return bareRunner().run(manager, ASK);
}

async function bareBedrockAgent(i: number) {
  const { bedrockAgent, agent } = simClients();
  let sessionState: { invocationId?: string; returnControlInvocationResults?: InvocationResultMember[] } = {};
  for (let trip = 0; trip < 8; trip++) {
    const res = await bedrockAgent.send(
      new InvokeAgentCommand({
        ...agent,
        sessionId: `bench-bare-${i}`,
        inputText: trip ? undefined : ASK,
        sessionState,
        enableTrace: true,
      }),
    );
    let control: ReturnControlPayload | undefined;
    for await (const event of res.completion ?? []) control ??= event.returnControl;
    if (!control) return;
    const results: InvocationResultMember[] = [];
    for (const input of control.invocationInputs ?? []) {
      const call = input.functionInvocationInput!;
      const args = Object.fromEntries((call.parameters ?? []).map((p) => [p.name, p.value]));
      results.push({
        functionResult: {
          actionGroup: call.actionGroup,
          function: call.function,
          responseBody: { TEXT: { body: JSON.stringify(await checkAvailability(args.date!, args.time)) } },
        },
      });
    }
    sessionState = { invocationId: control.invocationId, returnControlInvocationResults: results };
  }
}
