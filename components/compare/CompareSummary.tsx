"use client";

import Link from "next/link";
import type { PatternInfo } from "@/lib/patterns/types";
import type { Decider } from "@/lib/trace/events";
import { bookingInWords, bookingsOf, DECIDER_LETTER, FIGURES, figure } from "@/lib/ui/compare";
import { DECIDER_LABEL } from "@/lib/ui/patterns";
import { isRunning, type Conversation } from "@/lib/ui/run-state";

const LETTER_STYLE: Record<Decider, string> = {
  code: "bg-slate-700 text-white",
  llm: "bg-violet-700 text-white",
  aws: "bg-orange-600 text-slate-950",
};

type Props = { patterns: PatternInfo[]; conversations: Conversation[] };

/**
 * The comparison as a projector shows it: one dense line per pattern (booked or not, time, LLM
 * calls, cost, who decided in order as letters), so all eight fit one screen and read from the back.
 */
export function CompareSummary({ patterns, conversations }: Props) {
  return (
    <table className="w-full text-left text-base" data-testid="compare-summary">
      <caption className="px-3 pb-1 text-left text-sm text-slate-700">
        Who decided, in order:{" "}
        {(Object.keys(DECIDER_LETTER) as Decider[]).map((by) => (
          <span key={by} className="mr-3 whitespace-nowrap">
            <Letter by={by} /> {DECIDER_LABEL[by]}
          </span>
        ))}
      </caption>
      <thead className="border-b-2 border-slate-300 text-sm uppercase tracking-wide text-slate-700">
        <tr>
          <th scope="col" className="px-3 py-1.5">
            Pattern
          </th>
          <th scope="col" className="px-3 py-1.5">
            Booked
          </th>
          {FIGURES.filter((f) => f.key !== "tokens").map((f) => (
            <th key={f.key} scope="col" className="px-3 py-1.5 text-right">
              {f.label}
            </th>
          ))}
          <th scope="col" className="px-3 py-1.5">
            Who decided
          </th>
          <th scope="col" className="px-3 py-1.5">
            <span className="sr-only">Replay</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {patterns.map((p, i) => {
          const run = conversations[i].run;
          const done = Boolean(run.runId) && !isRunning(run.status);
          const landed = bookingsOf(run.timeline);
          const failure = conversations[i].items.findLast((item) => item.kind === "error");
          return (
            <tr key={p.id} className="border-b border-slate-200 align-middle last:border-0" data-testid={`compare-summary-${p.id}`}>
              <th scope="row" className="whitespace-nowrap px-3 py-1.5 font-semibold">
                <span className="text-xl font-bold">{p.id}</span> {p.name}
              </th>
              <td className="px-3 py-1.5" data-testid="compare-summary-booked" data-booked={done ? landed.length > 0 : undefined}>
                {!done ? (
                  <span className="text-slate-700">{isRunning(run.status) ? "Running…" : "Waiting…"}</span>
                ) : landed.length > 0 ? (
                  <span className="font-semibold text-emerald-900">✓ {landed.map(bookingInWords).join("; ")}</span>
                ) : run.status === "ok" ? (
                  <span className="text-amber-900">asked, nothing booked</span>
                ) : (
                  <span className="text-rose-800">✗ {failure?.kind === "error" ? failure.code : run.status}</span>
                )}
              </td>
              {FIGURES.filter((f) => f.key !== "tokens").map((f) => (
                <td key={f.key} className="px-3 py-1.5 text-right tabular-nums">
                  {run.metrics ? f.format(figure(run.metrics, f.key)) : ""}
                </td>
              ))}
              <td className="px-3 py-1.5">
                <ol className="flex flex-wrap gap-0.5" aria-label={`${p.id}: who decided, in order`} data-testid="compare-summary-deciders">
                  {run.decisions.map((d) => (
                    <li key={d.seq} title={`${DECIDER_LABEL[d.by]} at ${d.node}: ${d.choice}`}>
                      <Letter by={d.by} />
                    </li>
                  ))}
                </ol>
              </td>
              <td className="px-3 py-1.5">
                {done && (
                  <Link href={`/runs/${run.runId}`} className="focus-ring font-semibold text-indigo-800 underline">
                    Replay
                  </Link>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Letter({ by }: { by: Decider }) {
  return (
    <span
      className={`inline-block min-w-[1.4em] rounded px-0.5 text-center font-mono font-bold ${LETTER_STYLE[by]}`}
      aria-label={DECIDER_LABEL[by]}
    >
      {DECIDER_LETTER[by]}
    </span>
  );
}
