"use client";

import Link from "next/link";
import { useState } from "react";
import type { Cell, CellChange } from "@/lib/eval/cells";
import { FAULT_LABELS, type Fault } from "@/lib/eval/faults";
import { percent, successText } from "@/lib/eval/report";
import type { PatternId, PatternInfo } from "@/lib/patterns/types";
import { failuresByKind, successColor, tradeOff } from "@/lib/ui/eval";

/** `changes`: the comparison with an earlier evaluation (`?against=`), whose moved cells the heatmap marks. */
type Props = { cells: Cell[]; patterns: PatternInfo[]; changes?: CellChange[] };

const MAX_RUN_LINKS = 60;

/** The matrix as pictures (heatmap, trade-off chart) with the figures in a table beside them. */
export function EvalResults({ cells, patterns, changes }: Props) {
  const [selected, setSelected] = useState<{ pattern: PatternId; fault: Fault } | null>(null);
  const cell = selected && cells.find((c) => c.pattern === selected.pattern && c.fault === selected.fault);
  const changeOf = (c: { pattern: PatternId; fault: Fault }) => changes?.find((x) => x.pattern === c.pattern && x.fault === c.fault);
  return (
    <div className="grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <div className="flex flex-col gap-4">
        <Heatmap cells={cells} patterns={patterns} selected={selected} onSelect={setSelected} changeOf={changeOf} />
        {cell && <CellRuns cell={cell} change={changeOf(cell)} />}
        <TradeOffChart cells={cells} />
      </div>
      <FiguresTable cells={cells} />
    </div>
  );
}

function Heatmap({
  cells,
  patterns,
  selected,
  onSelect,
  changeOf,
}: {
  cells: Cell[];
  patterns: PatternInfo[];
  selected: { pattern: PatternId; fault: Fault } | null;
  onSelect: (s: { pattern: PatternId; fault: Fault }) => void;
  changeOf: (c: { pattern: PatternId; fault: Fault }) => CellChange | undefined;
}) {
  const rows = [...new Set(cells.map((c) => c.pattern))];
  const faults = [...new Set(cells.map((c) => c.fault))];
  const nameOf = (id: PatternId) => patterns.find((p) => p.id === id)?.name ?? id;
  return (
    <section aria-labelledby="eval-heatmap-title" className="rounded-lg border border-slate-200 bg-white p-3">
      <h2 id="eval-heatmap-title" className="mb-2 font-semibold text-slate-900">
        Success per pattern × fault{" "}
        <span className="text-sm font-normal text-slate-600">
          (✗ marks wrong bookings, ~ cases whose outcome varied between repeats, ▲▼ a cell that moved since the one compared against; choose
          a cell for where it breaks)
        </span>
      </h2>
      {/* Focusable so the keyboard can scroll it where it is wider than the screen. */}
      <div className="focus-ring overflow-x-auto" tabIndex={0} aria-label="Heatmap cells (scrolls sideways)" role="region">
        <table className="border-separate border-spacing-1 text-sm" data-testid="eval-heatmap">
          <thead>
            <tr>
              <th scope="col" className="px-2 text-left text-slate-700">
                Pattern
              </th>
              {faults.map((f) => (
                <th key={f} scope="col" className="px-1 text-center text-xs font-semibold text-slate-700">
                  {FAULT_LABELS[f]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p}>
                <th scope="row" className="whitespace-nowrap px-2 text-left font-normal text-slate-900">
                  <span className="font-bold">{p}</span> <span className="text-xs text-slate-700">{nameOf(p)}</span>
                </th>
                {faults.map((f) => {
                  const c = cells.find((x) => x.pattern === p && x.fault === f)!;
                  if (!c.applicable)
                    return (
                      <td
                        key={f}
                        className="min-w-20 rounded bg-slate-100 px-2 py-3 text-center text-slate-600"
                        data-testid={`eval-cell-${p}-${f}`}
                        data-applicable="false"
                      >
                        n/a
                      </td>
                    );
                  const on = selected?.pattern === p && selected.fault === f;
                  const change = changeOf(c);
                  const moved = change?.moved ? movedMark(change) : "";
                  return (
                    <td key={f} className="p-0">
                      <button
                        type="button"
                        onClick={() => onSelect({ pattern: p, fault: f })}
                        aria-pressed={on}
                        aria-label={`${p} under ${FAULT_LABELS[f]}: ${percent(c.successRate)} success over ${c.cases} cases, ${c.wrongBookings} wrong bookings${moved ? `, moved from ${percent(change!.successRate.before)}` : ""}`}
                        className={`focus-ring min-w-20 w-full rounded px-2 py-3 text-center font-bold text-white ${on ? "ring-4 ring-blue-700 ring-offset-1" : ""}`}
                        style={{
                          background: c.cases ? successColor(c.successRate) : successColor(null),
                          color: c.cases ? undefined : "#334155",
                        }}
                        data-testid={`eval-cell-${p}-${f}`}
                        data-success={c.successRate ?? ""}
                        data-wrong={c.wrongBookings}
                        data-moved={change ? String(change.moved) : undefined}
                      >
                        {c.cases ? successText(c) : "…"}
                        {moved && <span className="ml-1">{moved}</span>}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** ▲ or ▼ for a success rate that rose or fell, • for a cell whose wrong bookings alone changed. */
function movedMark(change: CellChange): string {
  const { before, after } = change.successRate;
  if (before === null || after === null || before === after) return "•";
  return after > before ? "▲" : "▼";
}

/** Where the cell breaks: its failures grouped by kind, each with the exchange and links to its runs and to fork them. */
function CellRuns({ cell, change }: { cell: Cell; change?: CellChange }) {
  const groups = failuresByKind(cell);
  return (
    <section
      aria-labelledby="eval-cell-title"
      className="rounded-lg border border-slate-200 bg-white p-3 text-sm text-slate-800"
      data-testid="eval-cell-detail"
    >
      <h2 id="eval-cell-title" className="font-semibold text-slate-900">
        {cell.pattern} under {FAULT_LABELS[cell.fault]}: {cell.succeeded} of {cell.cases} cases succeeded, {cell.wrongBookings} wrong
        bookings
      </h2>
      {change?.moved && (
        <p className="mt-1" data-testid="eval-cell-change">
          Moved since the evaluation compared against: success {percent(change.successRate.before)} → {percent(change.successRate.after)},
          wrong bookings {change.wrongBookings.before} → {change.wrongBookings.after}
          {change.significance ? ` (${change.significance.note})` : " (one repeat: no significance to tell; repeat to see the spread)"}.
        </p>
      )}
      {groups.map((group) => (
        <details key={group.kind} open className="mt-2" data-testid="eval-failure-group" data-kind={group.kind}>
          <summary className="focus-ring cursor-pointer font-semibold text-slate-900">
            {group.kind}: {group.count} case{group.count === 1 ? "" : "s"}
            {group.count > group.failures.length ? ` (the first ${group.failures.length} shown)` : ""}
          </summary>
          <ul className="mt-1 flex flex-col gap-2 pl-4">
            {group.failures.map((f) => (
              <li key={`${f.caseId}-${f.repeat}`} className="border-l-2 border-slate-200 pl-2" data-testid="eval-failure">
                <p>
                  <span className="font-mono font-semibold">{f.caseId}</span>
                  {cell.successByRepeat.length > 1 ? ` (repeat ${f.repeat + 1})` : ""}: {f.problems.join("; ")}
                </p>
                <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 text-slate-700">
                  {f.exchange.map((t, i) => (
                    <div key={i} className="contents">
                      <dt className="font-semibold">Member</dt>
                      <dd>{t.say}</dd>
                      <dt className="font-semibold">Pattern</dt>
                      <dd>{t.reply || "—"}</dd>
                    </div>
                  ))}
                </dl>
                <p className="mt-1 flex flex-wrap gap-2">
                  {f.runIds.map((id, i) => (
                    <Link key={id} href={`/runs/${id}`} className="focus-ring text-blue-800 underline" data-testid="eval-failure-run">
                      {f.runIds.length > 1 ? `Run of turn ${i + 1}` : "Its run"}
                    </Link>
                  ))}
                  {f.runIds.length > 0 && (
                    <Link
                      href={`/runs/${f.runIds.at(-1)}?fork`}
                      className="focus-ring text-blue-800 underline"
                      title="The replay of its last turn: Fork from here on any model step tries another output"
                      data-testid="eval-failure-fork"
                    >
                      Fork it
                    </Link>
                  )}
                </p>
              </li>
            ))}
          </ul>
        </details>
      ))}
      <p className="mt-2 font-semibold">Runs (open one in the replay)</p>
      <ul className="mt-1 flex flex-wrap gap-1" data-testid="eval-cell-runs">
        {cell.runIds.slice(0, MAX_RUN_LINKS).map((id, i) => (
          <li key={id}>
            <Link
              href={`/runs/${id}`}
              className="focus-ring inline-block rounded border border-slate-300 px-2 py-0.5 text-blue-800 hover:bg-blue-50"
              data-testid="eval-cell-run"
            >
              {i + 1}
            </Link>
          </li>
        ))}
      </ul>
      {cell.runIds.length > MAX_RUN_LINKS && (
        <p className="mt-1 text-slate-600">and {cell.runIds.length - MAX_RUN_LINKS} more (all in GET /api/evals/…).</p>
      )}
    </section>
  );
}

const W = 520;
const H = 340;
const PAD = { left: 56, right: 24, top: 20, bottom: 48 };
/** The largest point's radius; the plot keeps this much room inside its axes, so a point at 0% or 100% is drawn whole. */
const MAX_R = 26;

/** Autonomy share (x) against success under faults (y), one point per pattern, its area the cost per case. */
function TradeOffChart({ cells }: { cells: Cell[] }) {
  const points = tradeOff(cells);
  const maxCost = Math.max(...points.map((p) => p.costPerCase), 1e-9);
  const x = (v: number) => PAD.left + MAX_R + v * (W - PAD.left - PAD.right - 2 * MAX_R);
  const y = (v: number) => H - PAD.bottom - MAX_R - v * (H - PAD.top - PAD.bottom - 2 * MAX_R);
  const summary = points
    .map(
      (p) =>
        `${p.pattern}: autonomy ${percent(p.autonomy)}, success under faults ${percent(p.successUnderFaults)}, $${p.costPerCase.toFixed(5)} per case`,
    )
    .join("; ");
  return (
    <section aria-labelledby="eval-chart-title" className="rounded-lg border border-slate-200 bg-white p-3">
      <h2 id="eval-chart-title" className="mb-2 font-semibold text-slate-900">
        The trade-off{" "}
        <span className="text-sm font-normal text-slate-600">
          (autonomy share against success under faults; a larger point costs more per case)
        </span>
      </h2>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="h-auto w-full max-w-2xl"
        role="img"
        aria-label={`Trade-off chart. ${summary}`}
        data-testid="eval-chart"
      >
        {[0, 0.25, 0.5, 0.75, 1].map((t) => (
          <g key={t}>
            <line x1={x(0)} x2={x(1)} y1={y(t)} y2={y(t)} stroke="#e2e8f0" />
            <text x={x(0) - 8} y={y(t) + 5} textAnchor="end" fontSize="14" fill="#334155">
              {percent(t)}
            </text>
            <line x1={x(t)} x2={x(t)} y1={y(0)} y2={y(1)} stroke="#e2e8f0" />
            <text x={x(t)} y={y(0) + 20} textAnchor="middle" fontSize="14" fill="#334155">
              {percent(t)}
            </text>
          </g>
        ))}
        <text x={(x(0) + x(1)) / 2} y={H - 6} textAnchor="middle" fontSize="15" fontWeight="600" fill="#0f172a">
          Autonomy share (decisions by a model or AWS)
        </text>
        <text
          transform={`translate(14 ${(y(0) + y(1)) / 2}) rotate(-90)`}
          textAnchor="middle"
          fontSize="15"
          fontWeight="600"
          fill="#0f172a"
        >
          Success under faults
        </text>
        {points.map((p) => {
          const r = 8 + (MAX_R - 8) * Math.sqrt(p.costPerCase / maxCost);
          return (
            <g key={p.pattern} data-testid={`eval-point-${p.pattern}`}>
              <title>{`${p.pattern}: autonomy ${percent(p.autonomy)}, success under faults ${percent(p.successUnderFaults)}${p.successWithout !== null ? `, without faults ${percent(p.successWithout)}` : ""}, $${p.costPerCase.toFixed(5)} per case`}</title>
              <circle
                cx={x(p.autonomy)}
                cy={y(p.successUnderFaults)}
                r={r}
                fill="#1d4ed8"
                fillOpacity="0.35"
                stroke="#1e3a8a"
                strokeWidth="2"
              />
              <text x={x(p.autonomy)} y={y(p.successUnderFaults) + 6} textAnchor="middle" fontSize="17" fontWeight="700" fill="#0f172a">
                {p.pattern}
              </text>
            </g>
          );
        })}
      </svg>
    </section>
  );
}

function FiguresTable({ cells }: { cells: Cell[] }) {
  const shown = cells.filter((c) => c.applicable && c.cases > 0);
  const perCase = (c: Cell, v: number, digits: number) => (v / c.cases).toFixed(digits);
  return (
    <section
      aria-labelledby="eval-table-title"
      tabIndex={0}
      className="focus-ring overflow-x-auto rounded-lg border border-slate-200 bg-white"
    >
      <h2 id="eval-table-title" className="px-3 pt-3 font-semibold text-slate-900">
        Figures per cell
      </h2>
      <table className="w-full text-left text-sm" data-testid="eval-table">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-700">
          <tr>
            {[
              "Pattern",
              "Fault",
              "Cases",
              "Success",
              "Wrong",
              "Recovered",
              "Mean ms",
              "p95 ms",
              "LLM calls",
              "Tokens",
              "Cost",
              "Autonomy",
            ].map((h) => (
              <th key={h} scope="col" className="px-2 py-2">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr key={`${c.pattern}-${c.fault}`} className="border-b border-slate-100 last:border-0">
              <th scope="row" className="px-2 py-1 font-bold">
                {c.pattern}
              </th>
              <td className="px-2 py-1">{FAULT_LABELS[c.fault]}</td>
              <td className="px-2 py-1">{c.cases}</td>
              <td className="px-2 py-1">{successText(c)}</td>
              <td className={`px-2 py-1 ${c.wrongBookings ? "font-bold text-rose-800" : ""}`}>{c.wrongBookings}</td>
              <td className="px-2 py-1">{c.recovered ?? "—"}</td>
              <td className="px-2 py-1">{c.meanMs ?? "—"}</td>
              <td className="px-2 py-1">{c.p95Ms ?? "—"}</td>
              <td className="px-2 py-1" title="per case">
                {perCase(c, c.llmCalls, 1)}
              </td>
              <td className="px-2 py-1" title="per case">
                {perCase(c, c.tokens, 0)}
              </td>
              <td className="px-2 py-1" title="per case">
                ${perCase(c, c.costUsd, 5)}
              </td>
              <td className="px-2 py-1">{percent(c.autonomyShare)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="px-3 pb-3 pt-1 text-xs text-slate-600">
        LLM calls, tokens and cost are per case; a case is every turn of its conversation.
      </p>
    </section>
  );
}
