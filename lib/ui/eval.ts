import type { Cell } from "@/lib/eval/cells";
import type { PatternId } from "@/lib/patterns/types";

/** One point of the trade-off chart: a pattern's autonomy share against its success under faults, sized by cost. */
export type TradeOffPoint = {
  pattern: PatternId;
  autonomy: number;
  successUnderFaults: number;
  successWithout: number | null;
  costPerCase: number;
};

/**
 * Per pattern: the autonomy share over all its runs, the success over its faulted cells (the clean
 * cell when no fault was chosen), and the cost per case. Patterns without a played case are left out.
 */
export function tradeOff(cells: Cell[]): TradeOffPoint[] {
  const patterns = [...new Set(cells.map((c) => c.pattern))];
  return patterns.flatMap((pattern) => {
    const mine = cells.filter((c) => c.pattern === pattern && c.applicable && c.cases > 0);
    const faulted = mine.filter((c) => c.fault !== "none");
    const clean = mine.find((c) => c.fault === "none");
    const judged = faulted.length ? faulted : mine;
    const cases = judged.reduce((n, c) => n + c.cases, 0);
    const shared = mine.filter((c) => c.autonomyShare !== null);
    if (!cases || !shared.length) return [];
    const all = mine.reduce((n, c) => n + c.cases, 0);
    return [
      {
        pattern,
        autonomy: shared.reduce((n, c) => n + c.autonomyShare! * c.cases, 0) / shared.reduce((n, c) => n + c.cases, 0),
        successUnderFaults: judged.reduce((n, c) => n + c.succeeded, 0) / cases,
        successWithout: clean?.successRate ?? null,
        costPerCase: mine.reduce((n, c) => n + c.costUsd, 0) / all,
      },
    ];
  });
}

/** A success rate as a heatmap colour: red through amber to green, dark enough for white text (contrast at least 4.5:1). */
export function successColor(rate: number | null): string {
  if (rate === null) return "#e2e8f0";
  const hue = Math.round(rate * 125);
  return `hsl(${hue} 70% 26%)`;
}

const CSV_COLUMNS = [
  "pattern",
  "fault",
  "applicable",
  "cases",
  "succeeded",
  "successRate",
  "wrongBookings",
  "recovered",
  "meanMs",
  "p95Ms",
  "llmCalls",
  "tokens",
  "costUsd",
  "autonomyShare",
  "failureKinds",
] as const;

/** A CSV field: quoted when it holds a comma, quote or line break, and never read as a formula by a spreadsheet. */
function csvField(value: unknown): string {
  const text = value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The matrix as CSV, one row per cell (failure kinds as JSON), for a spreadsheet. */
export function cellsCsv(cells: Cell[]): string {
  const rows = cells.map((c) => CSV_COLUMNS.map((k) => csvField(c[k])).join(","));
  return [CSV_COLUMNS.join(","), ...rows].join("\r\n") + "\r\n";
}

/** A cell's failures shown, grouped by kind, the most frequent kind first. */
export function failuresByKind(cell: Cell): { kind: string; count: number; failures: Cell["failures"] }[] {
  const kinds = Object.entries(cell.failureKinds ?? {}).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0));
  return kinds.map(([kind, count]) => ({ kind, count: count ?? 0, failures: cell.failures.filter((f) => f.kind === kind) }));
}
