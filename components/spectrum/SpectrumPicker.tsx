"use client";

import { memo, useEffect, useRef } from "react";
import type { PatternId } from "@/lib/patterns/types";
import type { PatternInfo } from "@/lib/patterns/types";
import { DECIDER_LABEL } from "@/lib/ui/patterns";

type Props = { patterns: PatternInfo[]; chosen: PatternId; onChoose: (id: PatternId) => void };

/**
 * A…G on a Control ↔ Autonomy axis, H set apart as the managed agent. One Tab stop (the chosen
 * pattern): the page's arrows and digits move the choice, and the focus follows it.
 */
export function SpectrumPicker({ patterns, chosen, onChoose }: Props) {
  const nav = useRef<HTMLElement>(null);
  useEffect(() => {
    if (nav.current?.contains(document.activeElement)) nav.current.querySelector<HTMLElement>('[aria-pressed="true"]')?.focus();
  }, [chosen]);
  const spectrum = patterns.filter((p) => p.runtime !== "managed");
  const managed = patterns.filter((p) => p.runtime === "managed");
  return (
    <nav ref={nav} aria-label="Orchestration patterns (keys 1–8, ← →)" className="flex items-stretch gap-1.5 md:gap-3">
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <div className="flex gap-1 md:gap-1.5" role="group" aria-label="From control to autonomy">
          {spectrum.map((p) => (
            <PatternOption key={p.id} pattern={p} index={patterns.indexOf(p)} chosen={p.id === chosen} onChoose={onChoose} />
          ))}
        </div>
        <div
          aria-hidden="true"
          className="flex items-center gap-2 px-1 text-[0.6875rem] font-semibold uppercase tracking-wider text-slate-600"
        >
          <span>Control</span>
          <span className="h-px flex-1 bg-gradient-to-r from-blue-600 via-violet-500 to-amber-600" />
          <span>Autonomy</span>
        </div>
      </div>
      <div className="flex flex-col gap-1 border-l-2 border-dashed border-slate-300 pl-1.5 md:pl-3">
        <div className="flex gap-1.5" role="group" aria-label="Managed">
          {managed.map((p) => (
            <PatternOption key={p.id} pattern={p} index={patterns.indexOf(p)} chosen={p.id === chosen} onChoose={onChoose} />
          ))}
        </div>
        <span aria-hidden="true" className="px-1 text-[0.6875rem] font-semibold uppercase tracking-wider text-slate-600">
          Managed
        </span>
      </div>
    </nav>
  );
}

const DECIDER_COLOR = {
  code: "bg-blue-100 text-blue-900",
  llm: "bg-violet-100 text-violet-900",
  aws: "bg-orange-100 text-orange-900",
} as const;

const PatternOption = memo(function PatternOption({
  pattern,
  index,
  chosen,
  onChoose,
}: {
  pattern: PatternInfo;
  index: number;
  chosen: boolean;
  onChoose: (id: PatternId) => void;
}) {
  return (
    <button
      type="button"
      data-testid={`pattern-option-${pattern.id}`}
      aria-pressed={chosen}
      tabIndex={chosen ? 0 : -1}
      aria-keyshortcuts={String(index + 1)}
      title={`${pattern.style}. Who decides: ${pattern.decides}.`}
      onClick={() => onChoose(pattern.id)}
      className={`focus-ring flex min-h-11 min-w-0 flex-1 items-start gap-1.5 rounded-lg border-2 px-2 py-1 text-left transition-colors max-md:items-center max-md:justify-center max-md:px-0 ${
        chosen ? "border-slate-900 bg-slate-900 text-white" : "border-slate-200 bg-white text-slate-900 hover:border-slate-400"
      }`}
    >
      <span className="text-2xl font-bold leading-none">{pattern.id}</span>
      {/* On a phone the strip is letters only; the chosen pattern's name heads the graph tab. */}
      <span className="flex min-w-0 flex-col max-md:hidden">
        <span className="line-clamp-2 text-xs font-semibold leading-tight">{pattern.name}</span>
        <span className="mt-0.5 flex items-center gap-1 text-[0.6875rem]">
          <span className={`rounded px-1 font-semibold ${DECIDER_COLOR[pattern.decider]}`}>{DECIDER_LABEL[pattern.decider]}</span>
        </span>
      </span>
    </button>
  );
});
