import type { Cell, CellChange } from "./cells";
import { FAULT_LABELS, type Fault } from "./faults";

/** A plain-text table with padded columns, for the terminal. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export const percent = (share: number | null) => (share === null ? "—" : `${Math.round(share * 100)}%`);

/** A cell's success as the matrix shows it, with the spread over repeats and any wrong booking. */
export function successText(cell: Cell): string {
  if (!cell.applicable) return "n/a";
  const spread =
    cell.successByRepeat.length > 1 ? ` (${percent(Math.min(...cell.successByRepeat))}–${percent(Math.max(...cell.successByRepeat))})` : "";
  const varied = cell.variedCases ? ` ~${cell.variedCases}` : "";
  return `${percent(cell.successRate)}${spread}${varied}${cell.wrongBookings ? ` ✗${cell.wrongBookings}` : ""}`;
}

/** Success per pattern (rows) × fault (columns); ✗n marks n wrong bookings, ~n the cases whose outcome varied between repeats. */
export function formatMatrix(cells: Cell[]): string {
  const patterns = [...new Set(cells.map((c) => c.pattern))];
  const faults = [...new Set(cells.map((c) => c.fault))];
  const at = (p: string, f: Fault) => cells.find((c) => c.pattern === p && c.fault === f)!;
  return textTable(
    ["pattern", ...faults.map((f) => FAULT_LABELS[f])],
    patterns.map((p) => [p, ...faults.map((f) => successText(at(p, f)))]),
  );
}

/** Every applicable cell with its figures, per case where a sum would depend on the sample size. */
export function formatCells(cells: Cell[]): string {
  const perCase = (c: Cell, v: number, digits = 1) => (c.cases ? (v / c.cases).toFixed(digits) : "—");
  return textTable(
    [
      "pattern",
      "fault",
      "cases",
      "success",
      "wrong",
      "recovered",
      "mean ms",
      "p95 ms",
      "LLM calls/case",
      "tokens/case",
      "cost/case $",
      "autonomy",
    ],
    cells
      .filter((c) => c.applicable)
      .map((c) => [
        c.pattern,
        FAULT_LABELS[c.fault],
        String(c.cases),
        percent(c.successRate),
        String(c.wrongBookings),
        c.recovered === null ? "—" : String(c.recovered),
        String(c.meanMs ?? "—"),
        String(c.p95Ms ?? "—"),
        perCase(c, c.llmCalls),
        perCase(c, c.tokens, 0),
        perCase(c, c.costUsd, 5),
        percent(c.autonomyShare),
      ]),
  );
}

/** Before → after for each cell both evaluations have. */
export function formatChanges(changes: CellChange[]): string {
  const arrow = (before: string, after: string) => (before === after ? after : `${before} → ${after}`);
  return textTable(
    ["pattern", "fault", "success", "wrong", "mean ms", "autonomy"],
    changes.map((c) => [
      c.pattern,
      FAULT_LABELS[c.fault],
      arrow(percent(c.successRate.before), percent(c.successRate.after)),
      arrow(String(c.wrongBookings.before), String(c.wrongBookings.after)),
      arrow(String(c.meanMs.before ?? "—"), String(c.meanMs.after ?? "—")),
      arrow(percent(c.autonomyShare.before), percent(c.autonomyShare.after)),
    ]),
  );
}
