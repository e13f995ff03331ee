import type { PatternId } from "@/lib/patterns/types";

/**
 * What the source article says about each pattern, for the decision guide: its place on the
 * spectrum, the side-by-side table's columns, the quick reference's need, and its "when to use",
 * pros and cons, as the article lists them.
 */
export type ArticlePattern = {
  id: PatternId;
  /** The article's name for it. */
  title: string;
  /** The spectrum's two labels under the letter. */
  spectrum: { style: string; decides: string };
  /** The side-by-side table's columns. */
  table: { style: string; whoDecides: string; runtime: "Shared" | "Independent" | "Managed"; complexity: string };
  /** The quick reference: "If you need…". */
  need: string;
  whenToUse: string[];
  pros: string[];
  cons: string[];
};

export const ARTICLE: Record<PatternId, ArticlePattern> = {
  A: {
    id: "A",
    title: "AI as Service (No Agent)",
    spectrum: { style: "No Agent", decides: "You control all" },
    table: { style: "No Agent", whoDecides: "You", runtime: "Shared", complexity: "Low" },
    need: "Full control, AI just parses",
    whenToUse: [
      "Fixed, predictable workflows",
      "AI only needed for text parsing/formatting",
      "You want full control over logic",
      "Single-turn or simple interactions",
    ],
    pros: ["Full control", "Predictable behavior", "Easy to debug"],
    cons: ["Rigid — every flow must be coded", "No reasoning capability", "Multi-turn conversations require manual state management"],
  },
  B: {
    id: "B",
    title: "Workflow (Shared Runtime)",
    spectrum: { style: "Workflow (Shared)", decides: "Fixed steps (shared)" },
    table: { style: "Workflow", whoDecides: "You (fixed steps)", runtime: "Shared", complexity: "Medium" },
    need: "Fixed steps, shared runtime",
    whenToUse: [
      "Well-defined, sequential processes",
      "Compliance/audit requirements (need to know exact flow)",
      "Each step has clear input/output",
      "Predictability over flexibility",
    ],
    pros: [
      "Predictable execution flow",
      "Easy to debug (fixed sequence)",
      "Each step is isolated and testable",
      "Simple to understand",
      "Custom logic between steps",
      "Can use multiple AI vendors in same workflow",
    ],
    cons: ["Inflexible — can’t skip steps", "May be inefficient for simple queries", "Must handle all cases in predefined flow"],
  },
  C: {
    id: "C",
    title: "Workflow (Independent Runtime)",
    spectrum: { style: "Workflow (Indep.)", decides: "Fixed steps (indep.)" },
    table: { style: "Workflow", whoDecides: "You (fixed steps)", runtime: "Independent", complexity: "Medium-High" },
    need: "Fixed steps, independent runtime",
    whenToUse: [
      "Steps have different scaling requirements",
      "Want independent deployment per step",
      "Large team with ownership boundaries",
      "Compliance requires step-level isolation",
    ],
    pros: [
      "Step failure doesn’t crash the whole flow",
      "Can deploy/update steps independently",
      "Mix AI vendors freely per step",
      "Better for large teams (each team owns a step)",
      "Custom pre/post processing per step",
      "Easier to debug (isolate which step failed)",
    ],
    cons: [
      "More infrastructure to manage",
      "Network latency between steps",
      "Data passing overhead",
      "More complex deployment and monitoring",
    ],
  },
  D: {
    id: "D",
    title: "Function Calling (You Control the Loop)",
    spectrum: { style: "Function Calling", decides: "LLM suggests, you control loop" },
    table: { style: "Function Call", whoDecides: "LLM suggests, you execute", runtime: "Shared", complexity: "Medium" },
    need: "LLM suggests functions, you control loop",
    whenToUse: [
      "User intents vary and can’t be fixed to one sequence",
      "Need flexibility but want to keep control",
      "Want to add custom validation/logic per step",
      "Building vendor-agnostic solution",
    ],
    pros: [
      "More flexible than fixed workflows",
      "LLM can adapt to different user intents",
      "Can add validation/logging between steps",
      "You still control execution",
    ],
    cons: ["Less predictable than workflows", "More code to write", "You manage the loop logic"],
  },
  E: {
    id: "E",
    title: "Single Agent",
    spectrum: { style: "Agent", decides: "Agent controls loop" },
    table: { style: "Single Agent", whoDecides: "Agent", runtime: "Shared", complexity: "Low" },
    need: "Autonomous agent, minimal code",
    whenToUse: [
      "Want agent capabilities without managing loops",
      "Trust the agent framework to handle execution",
      "Rapid prototyping",
      "Simple to moderately complex tasks",
    ],
    pros: ["Clean, minimal code", "Agent handles complexity", "Good balance of power and simplicity", "Handles multi-turn naturally"],
    cons: ["Less control than Pattern D", "Depends on agent framework behavior", "Less predictable execution path"],
  },
  F: {
    id: "F",
    title: "Multi-Agent (Shared Runtime)",
    spectrum: { style: "Multi Agent", decides: "Manager routes" },
    table: { style: "Multi-Agent", whoDecides: "Manager Agent", runtime: "Shared", complexity: "Medium" },
    need: "Dynamic routing, shared runtime",
    whenToUse: ["User requests vary significantly", "Need dynamic decision-making", "Want simple deployment", "Moderate complexity"],
    pros: [
      "Flexible routing based on user intent",
      "Specialists can be optimized per domain",
      "Manager handles complex multi-step requests",
      "Single codebase, easy debugging",
    ],
    cons: ["Less predictable than workflow", "One crash affects all agents", "Single process limits"],
  },
  G: {
    id: "G",
    title: "Multi-Agent (Independent Runtime)",
    spectrum: { style: "Multi Agent", decides: "Manager routes" },
    table: { style: "Multi-Agent", whoDecides: "Manager Agent", runtime: "Independent", complexity: "High" },
    need: "Dynamic routing, independent runtime",
    whenToUse: [
      "Need to mix AI vendors per domain",
      "Strict isolation required (compliance, security)",
      "Different agents need different resources",
      "Enterprise / production systems",
    ],
    pros: [
      "Mix AI vendors per agent (OpenAI, Claude, Bedrock, Mistral)",
      "Full isolation (one agent fails independently)",
      "Custom pre/post processing per agent",
      "Independent deployment and scaling",
    ],
    cons: ["Most complex to build", "Network latency", "More infrastructure to manage", "Higher operational overhead"],
  },
  H: {
    id: "H",
    title: "Bedrock Agent (AWS Managed)",
    spectrum: { style: "Bedrock", decides: "AWS managed" },
    table: { style: "Bedrock Agent", whoDecides: "AWS", runtime: "Managed", complexity: "Low-Medium" },
    need: "AWS-managed agent",
    whenToUse: [
      "Already AWS-native infrastructure",
      "Want fully managed solution",
      "Need built-in AWS integrations",
      "Team familiar with AWS services",
    ],
    pros: [
      "Fully managed — AWS handles scaling, reasoning loop",
      "Built-in session management",
      "Integrates with AWS ecosystem (CloudWatch, IAM, etc.)",
      "Knowledge bases and guardrails available",
      "No agent framework code to maintain",
    ],
    cons: [
      "AWS vendor lock-in",
      "Less control over agent behavior",
      "Debugging through AWS console",
      "Latency can be higher",
      "Limited customization of agent loop",
    ],
  },
};

/** The spectrum from control to autonomy; H stands apart from it as the managed agent. */
export const SPECTRUM: PatternId[] = ["A", "B", "C", "D", "E", "F", "G"];
export const MANAGED: PatternId[] = ["H"];

/** The quick reference, in the article's order. */
export const QUICK_REFERENCE: PatternId[] = ["A", "B", "C", "D", "E", "F", "G", "H"];

/**
 * The patterns one step left and right on the spectrum. H is off the axis: the article places it
 * as the AWS alternative to E, so E is the one it is compared with.
 */
export function neighbours(pattern: PatternId): PatternId[] {
  if (MANAGED.includes(pattern)) return ["E"];
  const at = SPECTRUM.indexOf(pattern);
  return [SPECTRUM[at - 1], SPECTRUM[at + 1]].filter((p): p is PatternId => p !== undefined);
}

/**
 * The article's progression path: start simple and move right only when the problem demands it.
 * Each move names the need that triggers it (the article's words) and what changes in this
 * project's code when you make it.
 */
export type Move = { from: PatternId; to: PatternId; need: string; change: string };

export const PROGRESSION: Move[] = [
  {
    from: "A",
    to: "B",
    need: "need multi-step with AI",
    change: "A step is added: the handler's hand-written logic becomes a fixed workflow of named steps, with AI inside more than one.",
  },
  {
    from: "B",
    to: "C",
    need: "fixed steps, need scaling/isolation",
    change: "A service is split out: each step moves behind HTTP and the workflow becomes an orchestrator calling it.",
  },
  {
    from: "C",
    to: "D",
    need: "need dynamic flow",
    change: "The sequence goes: the model suggests the next tool call; your loop runs it and decides whether to go round again.",
  },
  {
    from: "D",
    to: "E",
    need: "agent controls the loop",
    change: "The loop is handed over: the agent framework reasons, calls tools and repeats; your code only declares the tools.",
  },
  {
    from: "E",
    to: "F",
    need: "need specialized agents",
    change: "An agent is added: a manager hands off to an availability and a booking specialist, in one process.",
  },
  {
    from: "F",
    to: "G",
    need: "enterprise scale, full isolation",
    change: "A service is split out: each specialist runs as its own service and the manager reaches it over HTTP.",
  },
  {
    from: "E",
    to: "H",
    need: "AWS alternative to E",
    change: "The loop moves to AWS: the agent is configured in Bedrock and your code only answers its return of control.",
  },
];

/** What "Try it" types into the playground's chat: the request every pattern handles, from the README's demo. */
export const SUGGESTED_MESSAGE = "Book a court tomorrow at 6pm";
