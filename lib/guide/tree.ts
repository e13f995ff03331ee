import "@/lib/zod-in-browser";
import { z } from "zod";
import type { PatternId } from "@/lib/patterns/types";

/**
 * The article's decision guide, as one tree: each question in the article's order, each answer
 * leading to the next question or to a pattern. The walk on /guide, its URL (`?path=yes,no`) and
 * the tests are all derived from this one definition.
 */
export const ANSWERS = ["yes", "no"] as const;
export type Answer = (typeof ANSWERS)[number];

export type Question = {
  kind: "question";
  /** Stable, unique per question (the two "independent scaling?" questions differ by where they stand). */
  id: string;
  text: string;
  /** One sentence on why the answer matters. */
  why: string;
  yes: GuideNode;
  no: GuideNode;
};
export type Leaf = { kind: "leaf"; pattern: PatternId };
export type GuideNode = Question | Leaf;

const leaf = (pattern: PatternId): Leaf => ({ kind: "leaf", pattern });

const scaling = (id: string, why: string, shared: PatternId, independent: PatternId): Question => ({
  kind: "question",
  id,
  text: "Do you need independent scaling or deployment?",
  why,
  yes: leaf(independent),
  no: leaf(shared),
});

export const DECISION_TREE: Question = {
  kind: "question",
  id: "ai-decides",
  text: "Do you need AI to make decisions (not just parse)?",
  why: "If the model only turns text into data, your code can keep every decision, and nothing further right is worth its unpredictability.",
  no: leaf("A"),
  yes: {
    kind: "question",
    id: "aws-managed",
    text: "Do you want AWS to manage everything?",
    why: "A managed agent trades control of the loop, and any vendor but AWS, for not running the loop at all.",
    yes: leaf("H"),
    no: {
      kind: "question",
      id: "fixed-flow",
      text: "Is the flow predictable (a fixed sequence)?",
      why: "A fixed sequence keeps the order of steps in your code, debuggable and auditable, with AI reasoning inside each step.",
      yes: scaling(
        "workflow-scaling",
        "Steps as separate services can scale, deploy and fail on their own, at the price of network hops and more to operate.",
        "B",
        "C",
      ),
      no: {
        kind: "question",
        id: "own-loop",
        text: "Do you want to control the loop yourself?",
        why: "When your code runs the loop, every tool call passes through it: you can validate, log and cap; otherwise a framework decides.",
        yes: leaf("D"),
        no: {
          kind: "question",
          id: "multi-agent",
          text: "Do you need multiple specialised agents?",
          why: "One agent is the least code; a manager routing to specialists pays off only when the domains really differ.",
          no: leaf("E"),
          yes: scaling(
            "agents-scaling",
            "Agents as separate services isolate failures and let each use its own vendor and resources, at the highest operating cost.",
            "F",
            "G",
          ),
        },
      },
    },
  },
};

/** A `?path=` as the URL carries it: answers separated by commas (a bounded string; `walk` refuses any deeper than the tree). */
export const GuidePath = z
  .string()
  .max(64)
  .transform((text) => (text === "" ? [] : text.split(",")))
  .pipe(z.array(z.enum(ANSWERS)));

/** Where a walk stands after some answers: the questions asked (with the answers given) and the current node. */
export type Walk = { steps: { question: Question; answer: Answer }[]; at: GuideNode };

/** Follows the answers from the root; answers beyond a leaf are refused (a link that cannot have come from the walk). */
export function walk(answers: readonly Answer[]): Walk | null {
  const steps: Walk["steps"] = [];
  let at: GuideNode = DECISION_TREE;
  for (const answer of answers) {
    if (at.kind === "leaf") return null;
    steps.push({ question: at, answer });
    at = at[answer];
  }
  return { steps, at };
}

/** The patterns a node can still lead to, in tree order. */
export function reachable(node: GuideNode): PatternId[] {
  return node.kind === "leaf" ? [node.pattern] : [...reachable(node.yes), ...reachable(node.no)];
}

/** Every leaf with the answers that reach it. */
export function leaves(node: GuideNode = DECISION_TREE, path: Answer[] = []): { pattern: PatternId; path: Answer[] }[] {
  if (node.kind === "leaf") return [{ pattern: node.pattern, path }];
  return ANSWERS.flatMap((answer) => leaves(node[answer], [...path, answer]));
}

/** Every question of the tree, depth first. */
export function questions(node: GuideNode = DECISION_TREE): Question[] {
  return node.kind === "leaf" ? [] : [node, ...questions(node.yes), ...questions(node.no)];
}
