import { ARTICLE, MANAGED, SPECTRUM } from "@/lib/guide/article";
import type { PatternId } from "@/lib/patterns/types";

type Props = { possible: PatternId[] };

/** The article's spectrum, control to autonomy with H apart: the patterns still possible stand out, the ruled-out ones are dimmed. */
export function GuideSpectrum({ possible }: Props) {
  const tile = (id: PatternId) => {
    const open = possible.includes(id);
    return (
      <li
        key={id}
        data-testid={`guide-spectrum-${id}`}
        data-state={open ? "possible" : "ruled-out"}
        className={`flex min-w-0 flex-1 flex-col rounded-lg border-2 px-2 py-1.5 ${
          open ? "border-slate-900 bg-white text-slate-900 shadow-sm" : "border-dashed border-slate-300 bg-slate-100 text-slate-600"
        }`}
      >
        <span className={`text-2xl font-bold leading-none ${open ? "" : "line-through"}`}>{id}</span>
        <span className="mt-1 text-base font-semibold leading-tight">{ARTICLE[id].spectrum.style}</span>
        <span className="hidden text-base leading-tight sm:block">{ARTICLE[id].spectrum.decides}</span>
        <span className="sr-only">{open ? "still possible" : "ruled out"}</span>
      </li>
    );
  };
  return (
    <section aria-label="The spectrum: patterns still possible" className="flex flex-col gap-2 md:flex-row md:items-stretch">
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <ol className="grid grid-cols-2 gap-1.5 sm:grid-cols-4 lg:grid-cols-7">{SPECTRUM.map(tile)}</ol>
        <div aria-hidden="true" className="flex items-center gap-2 px-1 text-base font-semibold uppercase tracking-wider text-slate-700">
          <span>Control</span>
          <span className="h-0.5 flex-1 bg-gradient-to-r from-blue-600 via-violet-500 to-amber-600" />
          <span>Autonomy</span>
        </div>
      </div>
      <div className="flex flex-col gap-1 md:w-40 md:border-l-2 md:border-dashed md:border-slate-300 md:pl-3">
        <ol className="grid grid-cols-2 gap-1.5 sm:grid-cols-4 md:grid-cols-1">{MANAGED.map(tile)}</ol>
        <span aria-hidden="true" className="px-1 text-base font-semibold uppercase tracking-wider text-slate-700">
          Managed
        </span>
      </div>
    </section>
  );
}
