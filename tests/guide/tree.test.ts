import { describe, expect, it } from "vitest";
import { neighbours, PROGRESSION, SPECTRUM } from "@/lib/guide/article";
import { DECISION_TREE, GuidePath, leaves, questions, reachable, walk, type Answer } from "@/lib/guide/tree";
import { PATTERN_IDS } from "@/lib/patterns/types";

/** The article's decision guide, read off its diagram: the answers that lead to each pattern. */
const ARTICLE_PATHS: Record<string, string> = {
  A: "no",
  H: "yes,yes",
  B: "yes,no,yes,no",
  C: "yes,no,yes,yes",
  D: "yes,no,no,yes",
  E: "yes,no,no,no,no",
  F: "yes,no,no,no,yes,no",
  G: "yes,no,no,no,yes,yes",
};

const answers = (path: string) => GuidePath.parse(path) as Answer[];

describe("the decision tree", () => {
  it.each(leaves())("reaches $pattern by its path $path", ({ pattern, path }) => {
    const end = walk(path)!;
    expect(end.at).toEqual({ kind: "leaf", pattern });
    expect(end.steps.map((s) => s.answer)).toEqual(path);
  });

  it.each(Object.entries(ARTICLE_PATHS))("leads to %s by exactly the article's path %s", (pattern, path) => {
    const matching = leaves().filter((l) => l.pattern === pattern);
    expect(matching).toHaveLength(1);
    expect(matching[0].path.join(",")).toBe(path);
  });

  it("has one leaf per pattern, and nothing else", () => {
    expect(
      leaves()
        .map((l) => l.pattern)
        .sort(),
    ).toEqual([...PATTERN_IDS]);
  });

  it("asks the article's questions in its order, each with an id of its own", () => {
    const asked = questions();
    expect(new Set(asked.map((q) => q.id)).size).toBe(asked.length);
    expect(walk(answers(ARTICLE_PATHS.G))!.steps.map((s) => s.question.text)).toEqual([
      "Do you need AI to make decisions (not just parse)?",
      "Do you want AWS to manage everything?",
      "Is the flow predictable (a fixed sequence)?",
      "Do you want to control the loop yourself?",
      "Do you need multiple specialised agents?",
      "Do you need independent scaling or deployment?",
    ]);
  });

  it("narrows the patterns still possible with each answer", () => {
    expect(reachable(DECISION_TREE).sort()).toEqual([...PATTERN_IDS]);
    expect(reachable(walk(["yes", "no"])!.at).sort()).toEqual(["B", "C", "D", "E", "F", "G"]);
    expect(reachable(walk(["yes", "no", "no"])!.at).sort()).toEqual(["D", "E", "F", "G"]);
  });

  it("refuses answers beyond a leaf and anything that is not an answer", () => {
    expect(walk(["no", "yes"])).toBeNull();
    expect(GuidePath.safeParse("yes,maybe").success).toBe(false);
    expect(GuidePath.safeParse(Array(17).fill("yes").join(",")).success).toBe(false);
    expect(GuidePath.parse("")).toEqual([]);
  });
});

describe("the spectrum", () => {
  it("compares a pattern with the ones a step left and right, H with E", () => {
    expect(neighbours("A")).toEqual(["B"]);
    expect(neighbours("D")).toEqual(["C", "E"]);
    expect(neighbours("G")).toEqual(["F"]);
    expect(neighbours("H")).toEqual(["E"]);
  });

  it("follows the article's progression path A → … → G, with H beside E", () => {
    const main = PROGRESSION.filter((m) => m.to !== "H");
    expect([main[0].from, ...main.map((m) => m.to)]).toEqual(SPECTRUM);
    expect(PROGRESSION.find((m) => m.to === "H")?.from).toBe("E");
  });
});
