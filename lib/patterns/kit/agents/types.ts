/**
 * What the agent modules share: the run context the SDK carries for our tools (the run's own), a
 * club agent, and how a pattern's SDK names map onto its graph nodes.
 */
import type { Agent } from "@openai/agents";
import type { RunContext } from "../context";

export type AgentRunContext = RunContext<unknown>;
export type ClubAgent = Agent<AgentRunContext>;

/** How a pattern's SDK names map onto its graph. */
export type AgentGraph = {
  /** The in-process agents, each with the node it lights. */
  agents: [agent: ClubAgent, node: string][];
  /** Function tools that stand for other nodes, e.g. remote specialists; the club's tools map to check and book already. */
  tools?: Record<string, string>;
};
