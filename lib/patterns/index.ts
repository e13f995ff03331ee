import { AppError } from "@/lib/errors";
import { patternA } from "./a";
import { patternB } from "./b";
import { patternC } from "./c";
import { patternD } from "./d";
import { patternE } from "./e";
import { patternF } from "./f";
import { patternG } from "./g";
import { patternH } from "./h";
import type { Pattern } from "./kit/context";
import type { PatternInfo } from "./types";

/** A registered pattern; one without `run` is listed but answers 501 until it is built. */
export type RegisteredPattern = PatternInfo & Partial<Pick<Pattern<unknown>, "run" | "initialState">>;

/** The spectrum, from full control (A) to full autonomy (G), plus the managed agent (H). */
export const PATTERNS: RegisteredPattern[] = [patternA, patternB, patternC, patternD, patternE, patternF, patternG, patternH] as RegisteredPattern[];

export function patternById(id: string): RegisteredPattern {
  const found = PATTERNS.find((p) => p.id === id.toUpperCase());
  if (!found) throw new AppError("not_found", `There is no pattern "${id}"; choose one of ${PATTERNS.map((p) => p.id).join(", ")}.`);
  return found;
}

/** What GET /api/patterns shows: everything but the code. */
export function describePatterns() {
  return PATTERNS.map(({ run, initialState: _initial, ...info }) => ({ ...info, available: Boolean(run) }));
}
