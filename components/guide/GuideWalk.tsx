"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { ProjectorControls } from "@/components/projector/ProjectorControls";
import { ARTICLE, neighbours, SUGGESTED_MESSAGE } from "@/lib/guide/article";
import { GUIDE_KEYS } from "@/lib/guide/keys";
import { reachable, walk, type Answer } from "@/lib/guide/tree";
import type { PatternId } from "@/lib/patterns/types";
import { GuideProgression } from "./GuideProgression";
import { GuideReference } from "./GuideReference";
import { GuideSpectrum } from "./GuideSpectrum";
import { MeasuredFigures } from "./MeasuredFigures";

type Props = { initialPath: Answer[]; refusedPath: boolean };

const ANSWER_KEYS: Record<Answer, [string, string]> = { yes: ["y", "1"], no: ["n", "2"] };

/** Where an answer leads, in a few words: one pattern, or the ones still possible after it in spectrum order (A…G, then H). */
const leadsTo = (patterns: PatternId[]) => (patterns.length === 1 ? `Pattern ${patterns[0]}` : [...patterns].sort().join(", "));

/**
 * The article's decision guide as a walk: one question at a time, the answers in the URL
 * (`?path=yes,no`) so a link brings the same walk back, and at the end the pattern with what the
 * article says about it and what the app measured for it.
 */
export function GuideWalk({ initialPath, refusedPath }: Props) {
  const [path, setPath] = useState<Answer[]>(initialPath);
  const [measuredVersion, setMeasuredVersion] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  const state = walk(path) ?? walk([])!;
  const at = state.at;
  const possible = reachable(at);

  useEffect(() => {
    // Written by hand: URLSearchParams would escape the commas, and the link is meant to be read.
    window.history.replaceState(null, "", `${window.location.pathname}${path.length ? `?path=${path.join(",")}` : ""}`);
  }, [path]);

  // After each move the focus goes to the new question or the result, so the keyboard and a screen reader follow.
  const [moves, setMoves] = useState(0);
  useEffect(() => {
    if (moves > 0) heading.current?.focus();
  }, [moves]);
  const move = (next: Answer[]) => {
    setMoves((n) => n + 1);
    setPath(next);
  };
  const answer = (a: Answer) => at.kind === "question" && move([...path, a]);
  const back = () => path.length > 0 && move(path.slice(0, -1));
  const restart = () => path.length > 0 && move([]);

  const shortcuts = [
    ...(at.kind === "question" ? (["yes", "no"] as const).map((a) => ({ keys: ANSWER_KEYS[a], run: () => answer(a) })) : []),
    { keys: ["b", "B"], run: back },
    { keys: ["s", "S"], run: restart },
  ];

  return (
    <div className="mx-auto flex w-full max-w-6xl flex-col gap-6 p-3 text-base sm:p-5 [&_.btn-quiet]:text-base [&_.kbd]:text-base">
      <header className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold tracking-tight">Which pattern should I use?</h1>
        <nav aria-label="Pages" className="flex flex-wrap items-center gap-2">
          <Link href="/" className="focus-ring btn-quiet" data-testid="guide-playground-link">
            Playground
          </Link>
          <Link href="/compare" prefetch={false} className="focus-ring btn-quiet">
            Compare
          </Link>
          <ProjectorControls extraKeys={{ title: "Decision guide", keys: GUIDE_KEYS, shortcuts }} />
        </nav>
      </header>

      <main className="flex flex-col gap-6">
        <p className="max-w-3xl text-lg text-slate-800">
          The article&apos;s decision guide, one question at a time. Move right on the spectrum only when the problem demands it: each step
          buys capability with predictability, debuggability and control.
        </p>
        {refusedPath && (
          <p role="alert" className="rounded bg-amber-50 p-2 text-base text-amber-900" data-testid="guide-path-refused">
            That link&apos;s path is not one of the guide&apos;s answers, so the walk starts from the first question.
          </p>
        )}

        <section
          aria-labelledby="guide-step-title"
          className="flex flex-col gap-4 rounded-xl border border-slate-300 bg-white p-4 shadow-sm"
        >
          <GuideSpectrum possible={possible} />

          {state.steps.length > 0 && (
            <ol aria-label="Your answers so far" className="flex flex-col gap-1" data-testid="guide-answers">
              {state.steps.map((s) => (
                <li key={s.question.id} className="text-base text-slate-800">
                  {s.question.text} <strong>{s.answer === "yes" ? "Yes" : "No"}</strong>
                </li>
              ))}
            </ol>
          )}

          {at.kind === "question" ? (
            <div className="flex flex-col gap-3">
              <p className="text-base font-semibold uppercase tracking-wide text-slate-700">Question {state.steps.length + 1}</p>
              <h2
                id="guide-step-title"
                ref={heading}
                tabIndex={-1}
                className="text-2xl font-bold outline-none sm:text-3xl"
                data-testid="guide-question"
                data-question-id={at.id}
              >
                {at.text}
              </h2>
              <p className="max-w-3xl text-lg text-slate-800">
                <span className="font-semibold">Why it matters: </span>
                {at.why}
              </p>
              <div className="flex flex-wrap gap-3">
                {(["yes", "no"] as const).map((a) => (
                  <button
                    key={a}
                    type="button"
                    onClick={() => answer(a)}
                    aria-keyshortcuts={ANSWER_KEYS[a].join(" ")}
                    className="focus-ring btn-primary flex min-w-40 flex-col items-start text-left text-xl"
                    data-testid={`guide-answer-${a}`}
                  >
                    <span>
                      {a === "yes" ? "Yes" : "No"} <kbd className="kbd text-slate-800">{ANSWER_KEYS[a][0]}</kbd>
                    </span>
                    <span className="text-base font-normal">→ {leadsTo(reachable(at[a]))}</span>
                  </button>
                ))}
              </div>
            </div>
          ) : (
            <Result pattern={at.pattern} headingRef={heading} onMeasured={() => setMeasuredVersion((v) => v + 1)} />
          )}

          <div className="flex flex-wrap gap-3 border-t border-slate-200 pt-3">
            <button
              type="button"
              onClick={back}
              disabled={path.length === 0}
              aria-keyshortcuts="b"
              className="focus-ring btn-quiet"
              data-testid="guide-back"
            >
              Back <kbd className="kbd">b</kbd>
            </button>
            <button
              type="button"
              onClick={restart}
              disabled={path.length === 0}
              aria-keyshortcuts="s"
              className="focus-ring btn-quiet"
              data-testid="guide-restart"
            >
              Start again <kbd className="kbd">s</kbd>
            </button>
          </div>
        </section>

        <GuideReference measuredVersion={measuredVersion} />
        <GuideProgression />
      </main>
    </div>
  );
}

function Result({
  pattern,
  headingRef,
  onMeasured,
}: {
  pattern: PatternId;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  onMeasured: () => void;
}) {
  const article = ARTICLE[pattern];
  const compared = [pattern, ...neighbours(pattern)].sort();
  const message = encodeURIComponent(SUGGESTED_MESSAGE);
  return (
    <div className="flex flex-col gap-4" data-testid="guide-result" data-pattern={pattern}>
      <div className="flex flex-col gap-1">
        <p className="text-base font-semibold uppercase tracking-wide text-slate-700">Use pattern</p>
        <h2 id="guide-step-title" ref={headingRef} tabIndex={-1} className="text-3xl font-bold outline-none">
          {pattern} · {article.title}
        </h2>
        <p className="text-lg text-slate-800">
          {article.table.style}; {article.table.whoDecides.toLowerCase()} decides; {article.table.runtime.toLowerCase()} runtime;{" "}
          {article.table.complexity.toLowerCase()} complexity.
        </p>
      </div>
      <div className="flex flex-wrap gap-3">
        <Link
          href={`/?p=${pattern}&m=${message}`}
          className="focus-ring btn-primary text-lg"
          data-testid="guide-try"
          title={`The playground on pattern ${pattern}, with "${SUGGESTED_MESSAGE}" ready to send`}
        >
          Try it
        </Link>
        <Link
          href={`/compare?patterns=${compared.join(",")}&m=${message}`}
          prefetch={false}
          className="focus-ring btn-primary text-lg"
          data-testid="guide-compare"
        >
          Compare with its neighbours ({compared.join(", ")})
        </Link>
      </div>
      <div className="grid gap-4 md:grid-cols-3">
        <List title="When to use" items={article.whenToUse} />
        <List title="Pros" items={article.pros} />
        <List title="Cons" items={article.cons} />
      </div>
      <MeasuredFigures pattern={pattern} onMeasured={onMeasured} />
    </div>
  );
}

function List({ title, items }: { title: string; items: string[] }) {
  return (
    <section aria-label={title}>
      <h3 className="text-lg font-bold">{title}</h3>
      <ul className="ml-5 list-disc text-base">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </section>
  );
}
