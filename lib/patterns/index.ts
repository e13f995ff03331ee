import { AppError } from "@/lib/errors";
import { patternA } from "./a";
import { patternB } from "./b";
import { patternC } from "./c/orchestrator";
import { patternD } from "./d";
import { patternE } from "./e";
import { patternF } from "./f";
import { patternG } from "./g/manager";
import { patternH } from "./h";
import type { Pattern } from "./kit/context";
import type { PatternInfo } from "./types";

/** The spectrum, from full control (A) to full autonomy (G), plus the managed agent (H). */
export const PATTERNS = [patternA, patternB, patternC, patternD, patternE, patternF, patternG, patternH] as Pattern<unknown>[];

export function patternById(id: string): Pattern<unknown> {
  const found = PATTERNS.find((p) => p.id === id.toUpperCase());
  if (!found) throw new AppError("not_found", `There is no pattern "${id}"; choose one of ${PATTERNS.map((p) => p.id).join(", ")}.`);
  return found;
}

/** What GET /api/patterns shows and the pages hand to the browser: the pattern's description, plain data only, never its code. */
export function describePatterns(): PatternInfo[] {
  return PATTERNS.map(({ id, name, style, runtime, decides, decider, vendors, vendorChoices, graph, sources }) => ({
    id,
    name,
    style,
    runtime,
    decides,
    decider,
    vendors,
    ...(vendorChoices ? { vendorChoices } : {}),
    graph,
    sources,
  }));
}
