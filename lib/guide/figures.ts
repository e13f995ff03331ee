import type { Cell } from "@/lib/eval/cells";
import type { Fault } from "@/lib/eval/faults";
import type { PatternId } from "@/lib/patterns/types";

/**
 * What the app measured for one pattern, read off an evaluation's cells: success on clean input
 * and under each fault played, and from the clean cell the cost of one request (one turn, one run)
 * and how far the model decided.
 */
export type Figures = {
  pattern: PatternId;
  success: { fault: Fault; rate: number; cases: number }[];
  llmCallsPerRequest: number;
  costPerRequestUsd: number;
  /** Decisions by a model or AWS over all decisions, on clean input. */
  autonomyShare: number | null;
  /** Mean time of a case (all its turns), on clean input. */
  meanMs: number | null;
  /** Runs on clean input the per-request figures divide by. */
  requests: number;
};

/** Where the figures came from: the viewer's latest evaluation, or the guide's own small run on this server. */
export type FiguresSource =
  { kind: "evaluation"; id: string; at: string; cases: number; repeat: number } | { kind: "built-in"; at: string; cases: number };

export type Measured = { source: FiguresSource; figures: Figures };

/** The pattern's figures, or null when the cells hold no clean case of it (nothing to divide by). */
export function figuresOf(cells: readonly Cell[], pattern: PatternId): Figures | null {
  const mine = cells.filter((c) => c.pattern === pattern && c.applicable && c.cases > 0 && c.successRate !== null);
  const clean = mine.find((c) => c.fault === "none");
  if (!clean || clean.runIds.length === 0) return null;
  return {
    pattern,
    success: mine.map((c) => ({ fault: c.fault, rate: c.successRate!, cases: c.cases })),
    llmCallsPerRequest: clean.llmCalls / clean.runIds.length,
    costPerRequestUsd: clean.costUsd / clean.runIds.length,
    autonomyShare: clean.autonomyShare,
    meanMs: clean.meanMs,
    requests: clean.runIds.length,
  };
}

/** Success over the faulted cases together, or null when no fault was played. */
export function successUnderFaults(figures: Figures): number | null {
  const faulted = figures.success.filter((s) => s.fault !== "none");
  const cases = faulted.reduce((n, s) => n + s.cases, 0);
  return cases ? faulted.reduce((n, s) => n + s.rate * s.cases, 0) / cases : null;
}

export const formatRate = (rate: number | null) => (rate === null ? "—" : `${Math.round(rate * 100)}%`);
export const formatCost = (usd: number) => `$${usd.toFixed(5)}`;
export const formatCalls = (calls: number) => calls.toFixed(1);
export const formatMs = (ms: number | null) => (ms === null ? "—" : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(2)} s`);
