"use client";

import Link from "next/link";
import { CodePane } from "@/components/code/CodePane";
import { ProjectorControls } from "@/components/projector/ProjectorControls";
import { ARTICLE, type Move } from "@/lib/guide/article";
import { EMPTY_CONVERSATION } from "@/lib/ui/run-state";

/** A move of the progression path as code: the pattern you leave and the one you move to, in two code panes. */
export function CodeSideBySide({ move }: { move: Move }) {
  return (
    <div className="flex h-dvh flex-col gap-3 p-3 [&_.btn-quiet]:text-base [&_.kbd]:text-base">
      <header className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">
          {move.from} → {move.to}: what changes in code
        </h1>
        <nav aria-label="Pages" className="flex flex-wrap items-center gap-2">
          <Link href="/guide#guide-progression-title" className="focus-ring btn-quiet">
            Back to the guide
          </Link>
          <ProjectorControls />
        </nav>
      </header>
      <p className="text-lg">
        “{move.need}”: {move.change}
      </p>
      <main className="grid min-h-0 flex-1 gap-3 md:grid-cols-2">
        {[move.from, move.to].map((id) => (
          <section
            key={id}
            aria-label={`The code of pattern ${id}`}
            className="flex min-h-[24rem] min-w-0 flex-col overflow-hidden rounded-lg border border-slate-300 bg-white"
            data-testid={`guide-code-${id}`}
          >
            <h2 className="border-b border-slate-200 px-3 py-2 text-lg font-bold">
              {id} · {ARTICLE[id].title}
            </h2>
            <CodePane pattern={id} run={EMPTY_CONVERSATION.run} selectedNode={null} />
          </section>
        ))}
      </main>
    </div>
  );
}
