import type { PatternId } from "@/lib/patterns/types";
import type { Fault } from "./faults";
import type { FailureKind } from "./judge";

/** One turn of a played case: what the member said and what the pattern answered. */
export type ExchangeTurn = { say: string; reply: string };

/** One case played through one pattern under one fault (one repeat): the verdict and what its runs cost. */
export type CaseResult = {
  pattern: PatternId;
  fault: Fault;
  repeat: number;
  caseId: string;
  ok: boolean;
  /** Slots the member holds at the end. */
  booked: string[];
  /** Slots booked that the member did not ask for. */
  wrong: string[];
  problems: string[];
  /** How it went wrong; null when it succeeded. */
  kind: FailureKind | null;
  exchange: ExchangeTurn[];
  runIds: string[];
  /** Every turn's run time, added up. */
  ms: number;
  llmCalls: number;
  tokens: number;
  costUsd: number;
  decisions: { code: number; llm: number; aws: number };
};

/** One pattern × fault of the matrix. Sums are over all its cases; the page divides by `cases` for "per case". */
export type Cell = {
  pattern: PatternId;
  fault: Fault;
  /** False where the fault does not exist for the pattern (a service down outside C and G): no cases, n/a. */
  applicable: boolean;
  /** Cases played (each repeat counts). */
  cases: number;
  succeeded: number;
  successRate: number | null;
  /** The success rate of each repeat, to show the spread under simulated variation. */
  successByRepeat: number[];
  /** Cases whose outcome (what was booked, and the verdict) differed between repeats; null with one repeat. */
  variedCases: number | null;
  wrongBookings: number;
  /** Cases that succeeded despite the fault (null without a fault). */
  recovered: number | null;
  meanMs: number | null;
  p95Ms: number | null;
  llmCalls: number;
  tokens: number;
  costUsd: number;
  /** Decisions by a model or AWS over all decisions in the cell's runs. */
  autonomyShare: number | null;
  runIds: string[];
  /** Failed cases by kind of failure (every one counted). */
  failureKinds: Partial<Record<FailureKind, number>>;
  /** The first failures of each kind, with the exchange and what the judge found, to read without opening every run. */
  failures: { caseId: string; repeat: number; kind: FailureKind; problems: string[]; exchange: ExchangeTurn[]; runIds: string[] }[];
};

const FAILURES_SHOWN_PER_KIND = 3;

/** The nearest-rank percentile of numbers (p in 0–100). */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Folds case results into one cell per pattern × fault, in the order asked for. */
export function summarize(
  patterns: PatternId[],
  faults: Fault[],
  repeat: number,
  results: CaseResult[],
  applicable: (pattern: PatternId, fault: Fault) => boolean,
): Cell[] {
  return patterns.flatMap((pattern) =>
    faults.map((fault) => {
      const rs = results.filter((r) => r.pattern === pattern && r.fault === fault);
      const succeeded = rs.filter((r) => r.ok).length;
      const decisions = rs.reduce(
        (d, r) => ({ code: d.code + r.decisions.code, llm: d.llm + r.decisions.llm, aws: d.aws + r.decisions.aws }),
        { code: 0, llm: 0, aws: 0 },
      );
      const decided = decisions.code + decisions.llm + decisions.aws;
      const ms = rs.map((r) => r.ms);
      return {
        pattern,
        fault,
        applicable: applicable(pattern, fault),
        cases: rs.length,
        succeeded,
        successRate: rs.length ? succeeded / rs.length : null,
        successByRepeat: Array.from({ length: repeat }, (_, i) => rs.filter((r) => r.repeat === i))
          .filter((group) => group.length > 0)
          .map((group) => group.filter((r) => r.ok).length / group.length),
        variedCases: repeat > 1 ? variedCases(rs) : null,
        wrongBookings: rs.reduce((n, r) => n + r.wrong.length, 0),
        recovered: fault === "none" ? null : succeeded,
        meanMs: ms.length ? Math.round(ms.reduce((a, b) => a + b, 0) / ms.length) : null,
        p95Ms: ms.length ? Math.round(percentile(ms, 95)!) : null,
        llmCalls: rs.reduce((n, r) => n + r.llmCalls, 0),
        tokens: rs.reduce((n, r) => n + r.tokens, 0),
        costUsd: Math.round(rs.reduce((n, r) => n + r.costUsd, 0) * 1e6) / 1e6,
        autonomyShare: decided ? (decisions.llm + decisions.aws) / decided : null,
        runIds: rs.flatMap((r) => r.runIds),
        failureKinds: countKinds(rs),
        failures: firstOfEachKind(rs).map((r) => ({
          caseId: r.caseId,
          repeat: r.repeat,
          kind: r.kind!,
          problems: r.problems,
          exchange: r.exchange,
          runIds: r.runIds,
        })),
      };
    }),
  );
}

function countKinds(rs: CaseResult[]): Partial<Record<FailureKind, number>> {
  const counts: Partial<Record<FailureKind, number>> = {};
  for (const r of rs) if (!r.ok && r.kind) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
  return counts;
}

function firstOfEachKind(rs: CaseResult[]): CaseResult[] {
  const shown = new Map<FailureKind, number>();
  return rs.filter((r) => {
    if (r.ok || !r.kind) return false;
    const n = shown.get(r.kind) ?? 0;
    shown.set(r.kind, n + 1);
    return n < FAILURES_SHOWN_PER_KIND;
  });
}

function variedCases(rs: CaseResult[]): number {
  const outcomes = new Map<string, Set<string>>();
  for (const r of rs) outcomes.set(r.caseId, (outcomes.get(r.caseId) ?? new Set()).add(`${r.ok} ${[...r.booked].sort().join(" ")}`));
  return [...outcomes.values()].filter((o) => o.size > 1).length;
}

/** A cell before and after a change: what moved. Cells only one side has are left out. */
export type CellChange = {
  pattern: PatternId;
  fault: Fault;
  successRate: { before: number | null; after: number | null };
  wrongBookings: { before: number; after: number };
  meanMs: { before: number | null; after: number | null };
  costUsd: { before: number; after: number };
  autonomyShare: { before: number | null; after: number | null };
  /** Its success rate or wrong bookings changed. */
  moved: boolean;
  /** With repeats on both sides: whether the change in success is larger than chance would make it (a two-proportion z-test). */
  significance: { z: number; note: string } | null;
};

/** 1.96: two-sided 5 %. */
const Z_SIGNIFICANT = 1.96;

/**
 * A simple significance note for a moved success rate, only when both sides played repeats (one
 * repeat of a deterministic model says nothing about chance): the two-proportion z-test over all
 * cases played.
 */
function significance(b: Cell, a: Cell): CellChange["significance"] {
  if (b.successByRepeat.length < 2 || a.successByRepeat.length < 2 || !b.cases || !a.cases) return null;
  const pooled = (b.succeeded + a.succeeded) / (b.cases + a.cases);
  const spread = Math.sqrt(pooled * (1 - pooled) * (1 / b.cases + 1 / a.cases));
  const diff = a.succeeded / a.cases - b.succeeded / b.cases;
  const z = spread === 0 ? 0 : diff / spread;
  const rounded = Math.round(z * 100) / 100;
  if (diff === 0) return { z: 0, note: "no change" };
  return Math.abs(z) >= Z_SIGNIFICANT
    ? { z: rounded, note: `likely real: |z| = ${Math.abs(rounded)} ≥ ${Z_SIGNIFICANT} (5 % level)` }
    : { z: rounded, note: `within chance: |z| = ${Math.abs(rounded)} < ${Z_SIGNIFICANT}` };
}

export function compareCells(before: Cell[], after: Cell[]): CellChange[] {
  return after.flatMap((a) => {
    const b = before.find((c) => c.pattern === a.pattern && c.fault === a.fault && c.applicable);
    if (!b || !a.applicable) return [];
    const pair = <K extends "successRate" | "wrongBookings" | "meanMs" | "costUsd" | "autonomyShare">(key: K) => ({
      before: b[key],
      after: a[key],
    });
    return [
      {
        pattern: a.pattern,
        fault: a.fault,
        successRate: pair("successRate"),
        wrongBookings: pair("wrongBookings"),
        meanMs: pair("meanMs"),
        costUsd: pair("costUsd"),
        autonomyShare: pair("autonomyShare"),
        moved: a.successRate !== b.successRate || a.wrongBookings !== b.wrongBookings,
        significance: significance(b, a),
      },
    ];
  });
}
