import { describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
import {
  ACTION_GROUP_NAME,
  AGENT_NAME,
  ALIAS_NAME,
  FACTS_PER_REQUEST,
  actionGroupRequest,
  agentConfig,
  createAgentRequest,
  envLines,
  findByName,
  setUpBedrockAgent,
} from "@/lib/patterns/bedrock-agent-setup";

const config = {
  region: "eu-central-1",
  roleArn: "arn:aws:iam::123456789012:role/club-agent",
  foundationModel: "anthropic.claude-3-5-haiku-20241022-v1:0",
};
const fast = { pollMs: 1, timeoutMs: 1000 };

/** Stands in for BedrockAgentClient: answers by command name from a script, recording what was sent. */
function fakeAws(answers: Record<string, (input: Record<string, unknown>) => unknown>) {
  const sent: { command: string; input: Record<string, unknown> }[] = [];
  return {
    sent,
    client: {
      async send(command: object) {
        const name = command.constructor.name.replace(/Command$/, "");
        const input = (command as { input: Record<string, unknown> }).input;
        sent.push({ command: name, input });
        const answer = answers[name];
        if (!answer) throw new Error(`unexpected ${name}`);
        return answer(input);
      },
    },
  };
}

describe("Bedrock agent setup: requests", () => {
  it("creates the agent with the model, role and an instruction that leaves the date to each request", () => {
    const request = createAgentRequest(config);
    expect(request).toMatchObject({ agentName: AGENT_NAME, foundationModel: config.foundationModel, agentResourceRoleArn: config.roleArn });
    expect(request.instruction).toContain("Always call check_availability before booking");
    expect(request.instruction).toContain(FACTS_PER_REQUEST);
    expect(request.instruction).not.toMatch(/Today is/);
  });

  it("defines the club's functions in a return-of-control action group, without a user id", () => {
    const request = actionGroupRequest("AGENT1");
    expect(request).toMatchObject({
      agentId: "AGENT1",
      agentVersion: "DRAFT",
      actionGroupName: ACTION_GROUP_NAME,
      actionGroupExecutor: { customControl: "RETURN_CONTROL" },
    });
    const functions = request.functionSchema?.functions ?? [];
    expect(functions.map((f) => [f.name, f.parameters])).toEqual([
      [
        "check_availability",
        {
          date: { type: "string", description: "Day to check, YYYY-MM-DD", required: true },
          time: { type: "string", description: "Start time HH:MM (24h); omit for the whole day", required: false },
        },
      ],
      ["book_slot", { slot_id: { type: "string", description: expect.stringContaining("slot_id"), required: true } }],
      ["my_bookings", {}],
      ["cancel_booking", { booking_id: { type: "string", description: expect.stringContaining("booking_id"), required: true } }],
    ]);
    // Bookings and cancellations ask for the user's confirmation (approval mode answers it with the member's decision).
    expect(functions.map((f) => [f.name, f.requireConfirmation])).toEqual([
      ["check_availability", undefined],
      ["book_slot", "ENABLED"],
      ["my_bookings", undefined],
      ["cancel_booking", "ENABLED"],
    ]);
  });

  it("reads its settings and names what is missing", () => {
    expect(() => agentConfig({ AWS_REGION: "eu-central-1" })).toThrow(/BEDROCK_AGENT_ROLE_ARN/);
    expect(agentConfig({ AWS_REGION: "eu-central-1", BEDROCK_AGENT_ROLE_ARN: config.roleArn, BEDROCK_MODEL_ID: "m" })).toEqual({
      ...config,
      foundationModel: "m",
    });
    expect(envLines("A1", "L1")).toBe("BEDROCK_AGENT_ID=A1\nBEDROCK_AGENT_ALIAS_ID=L1");
  });

  it("finds by name across pages", async () => {
    const pages: Record<string, { items: { name: string }[]; nextToken?: string }> = {
      first: { items: [{ name: "a" }], nextToken: "2" },
      2: { items: [{ name: "b" }] },
    };
    expect(
      await findByName(
        async (token) => pages[token ?? "first"],
        (x) => x.name === "b",
      ),
    ).toEqual({ name: "b" });
    expect(
      await findByName(
        async (token) => pages[token ?? "first"],
        (x) => x.name === "c",
      ),
    ).toBeUndefined();
  });
});

describe("Bedrock agent setup: the run", () => {
  it("creates agent, action group and alias, prepares and waits, then prints the settings", async () => {
    const statuses = ["CREATING", "NOT_PREPARED", "PREPARING", "PREPARED"];
    const aws = fakeAws({
      ListAgents: () => ({ agentSummaries: [{ agentId: "OTHER", agentName: "someone-else" }] }),
      CreateAgent: () => ({ agent: { agentId: "AGENT1" } }),
      GetAgent: () => ({ agent: { agentStatus: statuses.shift() ?? "PREPARED" } }),
      ListAgentActionGroups: () => ({ actionGroupSummaries: [] }),
      CreateAgentActionGroup: () => ({}),
      PrepareAgent: () => ({ agentStatus: "PREPARING" }),
      ListAgentAliases: () => ({ agentAliasSummaries: [] }),
      CreateAgentAlias: () => ({ agentAlias: { agentAliasId: "ALIAS1" } }),
      GetAgentAlias: () => ({ agentAlias: { agentAliasStatus: "PREPARED" } }),
    });
    const lines: string[] = [];
    expect(await setUpBedrockAgent(aws.client, config, (line) => lines.push(line), fast)).toEqual({ agentId: "AGENT1", aliasId: "ALIAS1" });
    expect(aws.sent.map((s) => s.command).filter((c) => c !== "GetAgent")).toEqual([
      "ListAgents",
      "CreateAgent",
      "ListAgentActionGroups",
      "CreateAgentActionGroup",
      "PrepareAgent",
      "ListAgentAliases",
      "CreateAgentAlias",
      "GetAgentAlias",
    ]);
    expect(aws.sent.find((s) => s.command === "CreateAgentAlias")?.input).toMatchObject({ agentId: "AGENT1", agentAliasName: ALIAS_NAME });
    expect(lines).toContain("Agent prepared");
  });

  it("is idempotent: finds what exists, brings its instruction and functions up to date, and prepares again", async () => {
    const aws = fakeAws({
      ListAgents: () => ({ agentSummaries: [{ agentId: "AGENT1", agentName: AGENT_NAME }] }),
      GetAgent: () => ({ agent: { agentStatus: "PREPARED" } }),
      UpdateAgent: () => ({}),
      ListAgentActionGroups: () => ({ actionGroupSummaries: [{ actionGroupId: "GROUP1", actionGroupName: ACTION_GROUP_NAME }] }),
      UpdateAgentActionGroup: () => ({}),
      PrepareAgent: () => ({}),
      ListAgentAliases: () => ({ agentAliasSummaries: [{ agentAliasId: "ALIAS1", agentAliasName: ALIAS_NAME }] }),
      GetAgentAlias: () => ({ agentAlias: { agentAliasStatus: "PREPARED" } }),
    });
    expect(await setUpBedrockAgent(aws.client, config, () => undefined, fast)).toEqual({ agentId: "AGENT1", aliasId: "ALIAS1" });
    expect(aws.sent.map((s) => s.command)).not.toContain("CreateAgent");
    expect(aws.sent.map((s) => s.command)).not.toContain("CreateAgentActionGroup");
    expect(aws.sent.map((s) => s.command)).not.toContain("CreateAgentAlias");
    expect(aws.sent.find((s) => s.command === "UpdateAgent")?.input).toMatchObject({
      agentId: "AGENT1",
      agentName: AGENT_NAME,
      instruction: expect.stringContaining("my_bookings"),
    });
    const update = aws.sent.find((s) => s.command === "UpdateAgentActionGroup")?.input as
      { actionGroupId?: string; functionSchema?: { functions?: { name?: string }[] } } | undefined;
    expect(update?.actionGroupId).toBe("GROUP1");
    expect(update?.functionSchema?.functions?.map((f) => f.name)).toEqual([
      "check_availability",
      "book_slot",
      "my_bookings",
      "cancel_booking",
    ]);
  });

  it("gives up when preparing fails", async () => {
    const aws = fakeAws({
      ListAgents: () => ({ agentSummaries: [{ agentId: "AGENT1", agentName: AGENT_NAME }] }),
      GetAgent: () => ({ agent: { agentStatus: "FAILED" } }),
      UpdateAgent: () => ({}),
      ListAgentActionGroups: () => ({ actionGroupSummaries: [{ actionGroupId: "GROUP1", actionGroupName: ACTION_GROUP_NAME }] }),
      UpdateAgentActionGroup: () => ({}),
      PrepareAgent: () => ({}),
    });
    await expect(setUpBedrockAgent(aws.client, config, () => undefined, fast)).rejects.toThrow(/status FAILED/);
  });
});
