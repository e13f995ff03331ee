import {
  CreateAgentActionGroupCommand,
  CreateAgentAliasCommand,
  CreateAgentCommand,
  GetAgentAliasCommand,
  GetAgentCommand,
  ListAgentActionGroupsCommand,
  ListAgentAliasesCommand,
  ListAgentsCommand,
  PrepareAgentCommand,
  UpdateAgentActionGroupCommand,
  UpdateAgentCommand,
  type CreateAgentActionGroupCommandInput,
  type CreateAgentAliasCommandInput,
  type CreateAgentCommandInput,
  type FunctionSchema,
} from "@aws-sdk/client-bedrock-agent";
import { z } from "zod";
import { assistantInstructions, clubFacts } from "./kit/prompts";
import { TOOL_SPECS, type ToolName } from "./kit/tools";

/**
 * The Bedrock agent pattern H invokes, as requests for @aws-sdk/client-bedrock-agent: the agent,
 * its return-of-control action group with the club's functions, and an alias. Built by pure
 * functions (tested without AWS); `setUpBedrockAgent` runs them idempotently, finding each by name.
 */
export const AGENT_NAME = "club-booking-assistant";
export const ACTION_GROUP_NAME = "club-actions";
export const ALIAS_NAME = "playground";
export const AGENT_FUNCTIONS: ToolName[] = ["check_availability", "book_slot", "my_bookings", "cancel_booking"];
/** Functions Bedrock asks the user to confirm (return of control says USER_CONFIRMATION…); the app asks the member in approval mode. */
const CONFIRMED_FUNCTIONS: ToolName[] = ["book_slot", "cancel_booking"];

export type AgentConfig = { foundationModel: string; roleArn: string; region: string };

/** The instruction is fixed at setup, so the day and time travel with each request (prompt session attributes) instead. */
export const FACTS_PER_REQUEST = "Today's date, the time and the courts are given with each request; use them.";

function agentInstruction(): string {
  const facts = clubFacts();
  return assistantInstructions().replace(facts, FACTS_PER_REQUEST);
}

export function createAgentRequest(config: AgentConfig): CreateAgentCommandInput {
  return {
    agentName: AGENT_NAME,
    description: "Tennis club booking assistant of the control-spectrum playground (pattern H).",
    foundationModel: config.foundationModel,
    agentResourceRoleArn: config.roleArn,
    instruction: agentInstruction(),
    idleSessionTTLInSeconds: 900,
  };
}

/** The club's functions without a Lambda: Bedrock hands each call back to the app (return of control). */
export function actionGroupRequest(agentId: string): CreateAgentActionGroupCommandInput {
  return {
    agentId,
    agentVersion: "DRAFT",
    actionGroupName: ACTION_GROUP_NAME,
    description: "The club's functions, executed by the app for the signed-in member.",
    actionGroupExecutor: { customControl: "RETURN_CONTROL" },
    actionGroupState: "ENABLED",
    functionSchema: functionSchema(),
  };
}

function functionSchema(): FunctionSchema {
  return {
    functions: AGENT_FUNCTIONS.map((name) => {
      const shape = TOOL_SPECS[name].args.shape as Record<string, z.ZodType>;
      const parameters = Object.fromEntries(
        Object.entries(shape).map(([param, schema]) => [
          param,
          { type: "string" as const, description: schema.description, required: !schema.safeParse(undefined).success },
        ]),
      );
      return {
        name,
        description: TOOL_SPECS[name].description,
        parameters,
        ...(CONFIRMED_FUNCTIONS.includes(name) ? { requireConfirmation: "ENABLED" as const } : {}),
      };
    }),
  };
}

function aliasRequest(agentId: string): CreateAgentAliasCommandInput {
  return { agentId, agentAliasName: ALIAS_NAME, description: "Points at the latest prepared version." };
}

export function envLines(agentId: string, aliasId: string): string {
  return `BEDROCK_AGENT_ID=${agentId}\nBEDROCK_AGENT_ALIAS_ID=${aliasId}`;
}

/** Reads the setup's settings; names what is missing rather than failing somewhere in AWS. */
export function agentConfig(source: Record<string, string | undefined>): AgentConfig {
  const missing = ["AWS_REGION", "BEDROCK_AGENT_ROLE_ARN"].filter((key) => !source[key]);
  if (missing.length) throw new Error(`Set ${missing.join(" and ")} first (see docs/bedrock.md).`);
  return {
    region: source.AWS_REGION!,
    roleArn: source.BEDROCK_AGENT_ROLE_ARN!,
    foundationModel: source.BEDROCK_MODEL_ID || "global.anthropic.claude-haiku-4-5-20251001-v1:0",
  };
}

// --- Running the setup ---------------------------------------------------------------------------

/** The one method of BedrockAgentClient the setup uses, so tests can stand in for AWS. */
export type AgentControl = { send(command: object): Promise<unknown> };
export type SetupTiming = { pollMs: number; timeoutMs: number };
type Page<T> = { items?: T[]; nextToken?: string };

export async function setUpBedrockAgent(
  client: AgentControl,
  config: AgentConfig,
  log: (line: string) => void,
  timing: SetupTiming = { pollMs: 2000, timeoutMs: 180_000 },
) {
  const send = <T>(command: object) => client.send(command) as Promise<T>;
  const pages =
    <T>(list: (nextToken?: string) => object, key: string) =>
    async (nextToken?: string): Promise<Page<T>> => {
      const page = await send<Record<string, unknown>>(list(nextToken));
      return { items: page[key] as T[] | undefined, nextToken: page.nextToken as string | undefined };
    };

  const found = await findByName(
    pages<{ agentId?: string; agentName?: string }>((nextToken) => new ListAgentsCommand({ nextToken }), "agentSummaries"),
    (a) => a.agentName === AGENT_NAME,
  );
  const agentId =
    found?.agentId ?? (await send<{ agent?: { agentId?: string } }>(new CreateAgentCommand(createAgentRequest(config)))).agent?.agentId;
  if (!agentId) throw new Error("Bedrock did not return an agent id.");
  const agentStatus = async () => (await send<{ agent?: { agentStatus?: string } }>(new GetAgentCommand({ agentId }))).agent?.agentStatus;
  await waitFor(agentStatus, (s) => s !== "CREATING", timing);
  // An agent set up by an older version gets today's instruction, so a re-run brings it up to date.
  if (found)
    await send(
      new UpdateAgentCommand({
        ...createAgentRequest(config),
        agentId,
        agentName: AGENT_NAME,
        foundationModel: config.foundationModel,
        agentResourceRoleArn: config.roleArn,
      }),
    );
  log(found ? `Agent ${AGENT_NAME} exists: ${agentId} (instruction updated)` : `Created agent ${AGENT_NAME}: ${agentId}`);

  const group = await findByName(
    pages<{ actionGroupId?: string; actionGroupName?: string }>(
      (nextToken) => new ListAgentActionGroupsCommand({ agentId, agentVersion: "DRAFT", nextToken }),
      "actionGroupSummaries",
    ),
    (g) => g.actionGroupName === ACTION_GROUP_NAME,
  );
  // An existing group gets today's functions (e.g. my_bookings and cancel_booking added since it was made).
  if (group) await send(new UpdateAgentActionGroupCommand({ ...actionGroupRequest(agentId), actionGroupId: group.actionGroupId }));
  else await send(new CreateAgentActionGroupCommand(actionGroupRequest(agentId)));
  log(
    group ? `Action group ${ACTION_GROUP_NAME} exists: functions updated` : `Created action group ${ACTION_GROUP_NAME} (return of control)`,
  );

  await send(new PrepareAgentCommand({ agentId }));
  await waitFor(agentStatus, (s) => s === "PREPARED", timing);
  log("Agent prepared");

  const alias = await findByName(
    pages<{ agentAliasId?: string; agentAliasName?: string }>(
      (nextToken) => new ListAgentAliasesCommand({ agentId, nextToken }),
      "agentAliasSummaries",
    ),
    (a) => a.agentAliasName === ALIAS_NAME,
  );
  const aliasId =
    alias?.agentAliasId ??
    (await send<{ agentAlias?: { agentAliasId?: string } }>(new CreateAgentAliasCommand(aliasRequest(agentId)))).agentAlias?.agentAliasId;
  if (!aliasId) throw new Error("Bedrock did not return an alias id.");
  await waitFor(
    async () =>
      (await send<{ agentAlias?: { agentAliasStatus?: string } }>(new GetAgentAliasCommand({ agentId, agentAliasId: aliasId }))).agentAlias
        ?.agentAliasStatus,
    (s) => s === "PREPARED",
    timing,
  );
  log(alias ? `Alias ${ALIAS_NAME} exists: ${aliasId}` : `Created alias ${ALIAS_NAME}: ${aliasId}`);
  return { agentId, aliasId };
}

export async function findByName<T>(page: (nextToken?: string) => Promise<Page<T>>, matches: (item: T) => boolean): Promise<T | undefined> {
  let nextToken: string | undefined;
  do {
    const result = await page(nextToken);
    const hit = result.items?.find(matches);
    if (hit) return hit;
    nextToken = result.nextToken;
  } while (nextToken);
  return undefined;
}

/** Polls until the status is what we wait for; FAILED and the timeout end the wait with the status seen. */
async function waitFor(
  status: () => Promise<string | undefined>,
  done: (status: string | undefined) => boolean,
  timing: SetupTiming,
): Promise<void> {
  const deadline = Date.now() + timing.timeoutMs;
  for (;;) {
    const seen = await status();
    if (done(seen)) return;
    if (seen === "FAILED" || Date.now() > deadline) throw new Error(`Bedrock reports status ${seen ?? "unknown"}; giving up.`);
    await new Promise((resolve) => setTimeout(resolve, timing.pollMs));
  }
}
