import Link from "next/link";
import { ARTICLE, PROGRESSION, type Move } from "@/lib/guide/article";
import type { PatternId } from "@/lib/patterns/types";

const Chip = ({ id }: { id: PatternId }) => (
  <span className="inline-flex items-baseline gap-1.5 rounded-lg border-2 border-slate-900 bg-white px-2 py-0.5">
    <span className="text-xl font-bold">{id}</span>
    <span className="text-base">{ARTICLE[id].spectrum.style}</span>
  </span>
);

function Arrow({ move }: { move: Move }) {
  return (
    <li className="flex flex-col gap-1 rounded-lg border border-slate-300 bg-white p-3" data-testid={`guide-move-${move.from}-${move.to}`}>
      <div className="flex flex-wrap items-center gap-2">
        <Chip id={move.from} />
        <span aria-label="then" className="text-2xl font-bold">
          →
        </span>
        <Chip id={move.to} />
        <span className="text-base italic text-slate-800">“{move.need}”</span>
      </div>
      <p className="text-base">{move.change}</p>
      <Link
        href={`/guide/code?from=${move.from}&to=${move.to}`}
        className="focus-ring self-start text-base font-semibold text-blue-800 underline"
      >
        The code of {move.from} and {move.to} side by side
      </Link>
    </li>
  );
}

/** The article's progression path: start simple, move right only when the problem demands it; H is the managed alternative to E. */
export function GuideProgression() {
  const main = PROGRESSION.filter((m) => m.to !== "H");
  const managed = PROGRESSION.filter((m) => m.to === "H");
  return (
    <section aria-labelledby="guide-progression-title" className="flex flex-col gap-3">
      <h2 id="guide-progression-title" className="text-2xl font-bold">
        Progression path
      </h2>
      <p className="max-w-3xl text-lg text-slate-800">
        Start simple, evolve as needed. Each arrow says what changes in code when you move.
      </p>
      <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
        <ol aria-label="From control to autonomy" className="flex flex-col gap-2">
          {main.map((m) => (
            <Arrow key={`${m.from}-${m.to}`} move={m} />
          ))}
        </ol>
        <ol
          aria-label="Beside E: the managed agent"
          className="flex flex-col gap-2 lg:border-l-2 lg:border-dashed lg:border-slate-300 lg:pl-4"
        >
          {managed.map((m) => (
            <Arrow key={`${m.from}-${m.to}`} move={m} />
          ))}
        </ol>
      </div>
    </section>
  );
}
