"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { ARTICLE, QUICK_REFERENCE } from "@/lib/guide/article";
import { formatCalls, formatCost, formatMs, formatRate, successUnderFaults, type Measured } from "@/lib/guide/figures";
import { leaves } from "@/lib/guide/tree";
import { PATTERN_IDS, type PatternId } from "@/lib/patterns/types";

type Props = { measuredVersion: number };

const PATHS = Object.fromEntries(leaves().map((l) => [l.pattern, l.path.join(",")])) as Record<PatternId, string>;
const resultLink = (id: PatternId) => `/guide?path=${PATHS[id]}`;

/** What the app has measured for every pattern (nothing is measured from here: a result does that). */
function useAllMeasured(version: number) {
  const [all, setAll] = useState<Partial<Record<PatternId, Measured | null>>>({});
  useEffect(() => {
    const abort = new AbortController();
    Promise.all(
      PATTERN_IDS.map(async (id) => {
        const res = await fetch(`/api/guide/${id}`, { signal: abort.signal });
        return [id, res.ok ? ((await res.json()).measured as Measured | null) : null] as const;
      }),
    )
      .then((entries) => setAll(Object.fromEntries(entries)))
      .catch(() => undefined);
    return () => abort.abort();
  }, [version]);
  return all;
}

/** The article's quick reference and side-by-side table, each row linking to its result, with what the app measured beside it. */
export function GuideReference({ measuredVersion }: Props) {
  const measured = useAllMeasured(measuredVersion);
  const sources = [...new Set(Object.values(measured).flatMap((m) => (m ? [sourceLabel(m)] : [])))];
  return (
    <section aria-labelledby="guide-reference-title" className="flex flex-col gap-4">
      <h2 id="guide-reference-title" className="text-2xl font-bold">
        Quick reference
      </h2>
      <div
        className="overflow-x-auto rounded-xl border border-slate-300 bg-white"
        role="region"
        aria-label="Quick reference table"
        tabIndex={0}
      >
        <table className="w-full text-left text-base">
          <thead>
            <tr className="border-b border-slate-300 bg-slate-50">
              <th scope="col" className="px-3 py-2">
                If you need…
              </th>
              <th scope="col" className="px-3 py-2">
                Use pattern
              </th>
            </tr>
          </thead>
          <tbody>
            {QUICK_REFERENCE.map((id) => (
              <tr key={id} className="border-b border-slate-200">
                <td className="px-3 py-1.5">{ARTICLE[id].need}</td>
                <td className="px-3 py-1.5">
                  <Link href={resultLink(id)} className="focus-ring font-bold text-blue-800 underline">
                    {id}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 className="text-2xl font-bold">Side by side</h2>
      <div
        className="overflow-x-auto rounded-xl border border-slate-300 bg-white"
        role="region"
        aria-label="Side-by-side table"
        tabIndex={0}
      >
        <table className="w-full text-left text-base" data-testid="guide-reference-table">
          <caption className="px-3 py-2 text-left text-base text-slate-700">
            The article&apos;s columns, then what this app measured (per request on clean input; success clean and over the faults played).
          </caption>
          <thead>
            <tr className="border-b border-slate-300 bg-slate-50">
              {[
                "Pattern",
                "Style",
                "Who decides the flow",
                "Runtime",
                "Complexity",
                "LLM calls",
                "Cost",
                "Time per case",
                "Success",
                "Under faults",
                "Measured by",
              ].map((h) => (
                <th key={h} scope="col" className="whitespace-nowrap px-3 py-2">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {PATTERN_IDS.map((id) => {
              const m = measured[id];
              const f = m?.figures;
              return (
                <tr key={id} className="border-b border-slate-200" data-testid={`guide-row-${id}`}>
                  <th scope="row" className="px-3 py-1.5">
                    <Link href={resultLink(id)} className="focus-ring font-bold text-blue-800 underline">
                      {id}
                    </Link>
                  </th>
                  <td className="px-3 py-1.5">{ARTICLE[id].table.style}</td>
                  <td className="px-3 py-1.5">{ARTICLE[id].table.whoDecides}</td>
                  <td className="px-3 py-1.5">{ARTICLE[id].table.runtime}</td>
                  <td className="px-3 py-1.5">{ARTICLE[id].table.complexity}</td>
                  <td className="px-3 py-1.5">{f ? formatCalls(f.llmCallsPerRequest) : "—"}</td>
                  <td className="px-3 py-1.5">{f ? formatCost(f.costPerRequestUsd) : "—"}</td>
                  <td className="whitespace-nowrap px-3 py-1.5">{f ? formatMs(f.meanMs) : "—"}</td>
                  <td className="px-3 py-1.5">{f ? formatRate(f.success.find((s) => s.fault === "none")?.rate ?? null) : "—"}</td>
                  <td className="px-3 py-1.5">{f ? formatRate(successUnderFaults(f)) : "—"}</td>
                  <td className="px-3 py-1.5">{m ? sourceLabel(m) : m === null ? "not measured yet: open its result" : "…"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {sources.length > 0 && (
        <p className="text-base text-slate-700">
          Measured by: {sources.map((s) => (s.startsWith("eval_") ? `${s} (your latest evaluation of the pattern)` : s)).join("; ")}.
        </p>
      )}
    </section>
  );
}

function sourceLabel(m: Measured): string {
  return m.source.kind === "evaluation" ? m.source.id : "the guide's measurement";
}
