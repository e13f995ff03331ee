"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useEffect, useState, type DragEvent, type FormEvent } from "react";
import { ProjectorControls } from "@/components/projector/ProjectorControls";
import type { Cell, CellChange } from "@/lib/eval/cells";
import { Dataset, datasetFromText, datasetProblems } from "@/lib/eval/dataset";
import { FAULT_LABELS, FAULTS, type Fault } from "@/lib/eval/faults";
import type { PatternId, PatternInfo } from "@/lib/patterns/types";
import { cellsCsv } from "@/lib/ui/eval";

// The charts load only once there is something to draw.
const EvalResults = dynamic(() => import("./EvalResults").then((m) => m.EvalResults), {
  ssr: false,
  loading: () => <div className="h-64 animate-pulse rounded-lg bg-slate-100" />,
});

type Limits = { maxCases: number; maxRepeat: number; maxRuns: number };
/** `shown`: an evaluation the address names (`?id=`), and `against`, one to compare it with (`?against=`). */
type Props = { patterns: PatternInfo[]; limits: Limits; shown?: string; against?: string };
type Evaluation = {
  id: string;
  status: "running" | "done" | "error" | "interrupted" | "cancelled";
  progress: { done: number; total: number };
  cells: Cell[];
  error?: string;
  /** What was measured (absent until the first poll answers). */
  plan?: {
    cases: number;
    repeat: number;
    seed?: number;
    temperature?: number;
    dataset?: { name: string; clock: { now: string; timeZone: string } };
    vendors?: "sim" | "live";
  };
  comparison?: { against: string; changes: CellChange[] };
};

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

const POLL_MS = 500;
const SERVICE_PATTERNS = new Set<PatternId>(["C", "G"]);

/**
 * The trade-off, measured: choose patterns and faults, start an evaluation over the conversation
 * corpus on the server, watch its progress, then read the heatmap of success per pattern × fault
 * and the chart of autonomy against success under faults, with the figures in a table beside.
 */
export function EvalPanel({ patterns, limits, shown, against }: Props) {
  const [chosen, setChosen] = useState<Set<PatternId>>(() => new Set(patterns.map((p) => p.id)));
  const [faults, setFaults] = useState<Set<Fault>>(() => new Set<Fault>(["none", "malformedJson", "vendor500", "serviceDown"]));
  const [cases, setCases] = useState(5);
  const [repeat, setRepeat] = useState(1);
  const [temperature, setTemperature] = useState(0);
  const [evaluation, setEvaluation] = useState<Evaluation | null>(
    shown ? { id: shown, status: "running", progress: { done: 0, total: 0 }, cells: [] } : null,
  );
  const [failure, setFailure] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [dataset, setDataset] = useState<{ value: Dataset; file: string } | null>(null);
  const [set, setSet] = useState<"corpus" | "generated">("corpus");
  const [dragging, setDragging] = useState(false);
  const running = starting || evaluation?.status === "running";
  const caseCount = dataset ? dataset.value.cases.length : cases;

  const pickedPatterns = patterns.filter((p) => chosen.has(p.id)).map((p) => p.id);
  const pickedFaults = FAULTS.filter((f) => faults.has(f));
  const planned =
    pickedPatterns.reduce((n, p) => n + pickedFaults.filter((f) => f !== "serviceDown" || SERVICE_PATTERNS.has(p)).length, 0) *
    caseCount *
    repeat;

  useEffect(() => {
    if (evaluation?.status !== "running") return;
    const timer = setTimeout(async () => {
      try {
        const res = await fetch(`/api/evals/${evaluation.id}${against ? `?against=${against}` : ""}`, { cache: "no-store" });
        const body = await res.json();
        if (!res.ok) throw new Error(body?.error?.message ?? `The server answered ${res.status}.`);
        setEvaluation(body as Evaluation);
      } catch (error) {
        setFailure(error instanceof Error ? error.message : String(error));
        setEvaluation((e) => (e ? { ...e, status: "error" } : e));
      }
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [evaluation, against]);

  const start = async (e: FormEvent) => {
    e.preventDefault();
    if (running || !pickedPatterns.length || !pickedFaults.length) return;
    setStarting(true);
    setFailure(null);
    try {
      const res = await fetch("/api/evals", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          patterns: pickedPatterns,
          faults: pickedFaults,
          ...(dataset ? { dataset: dataset.value } : { cases, set }),
          repeat,
          temperature,
        }),
      });
      const body = await res.json();
      if (!res.ok) throw new Error(body?.error?.message ?? `The server answered ${res.status}.`);
      setEvaluation({ id: body.id, status: "running", progress: { done: 0, total: body.total }, cells: [] });
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setStarting(false);
    }
  };

  /** Reads a dataset file (JSON or JSON Lines) and checks it as the server will, so a mistake is named before anything runs. */
  const takeFile = async (file: File | undefined) => {
    if (!file) return;
    setFailure(null);
    try {
      const parsed = Dataset.safeParse(datasetFromText(await file.text(), file.name.replace(/\.(jsonl?|ndjson)$/i, "")));
      if (!parsed.success) throw new Error(`${file.name}: ${datasetProblems(parsed.error)}`);
      setDataset({ value: parsed.data, file: file.name });
    } catch (error) {
      setDataset(null);
      setFailure(error instanceof Error ? error.message : String(error));
    }
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (!running) void takeFile(e.dataTransfer.files[0]);
  };
  const cancel = async () => {
    if (!evaluation || evaluation.status !== "running") return;
    try {
      const res = await fetch(`/api/evals/${evaluation.id}`, { method: "DELETE" });
      const body = await res.json();
      if (!res.ok) throw new Error(body?.error?.message ?? `The server answered ${res.status}.`);
      setEvaluation(body as Evaluation);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  };

  const toggle = <T,>(set: (f: (s: Set<T>) => Set<T>) => void, value: T) =>
    set((now) => {
      const next = new Set(now);
      if (!next.delete(value)) next.add(value);
      return next;
    });

  const progress = evaluation?.progress;
  const pct = progress && progress.total ? Math.round((100 * progress.done) / progress.total) : 0;
  const chip = (on: boolean) =>
    `flex cursor-pointer items-center gap-1 rounded-full border px-2.5 py-0.5 has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-blue-700 ${on ? "border-slate-900 bg-slate-900 text-white" : "border-slate-300 bg-white text-slate-800"}`;

  return (
    <main className="mx-auto flex max-w-[110rem] flex-col gap-4 p-4">
      <header className="flex items-center justify-between gap-4">
        <h1 className="text-lg font-bold tracking-tight text-slate-900">
          Evaluate patterns{" "}
          <span className="font-normal text-slate-600">
            · the conversation corpus through every pattern, with faults, judged against what members asked for
          </span>
        </h1>
        <div className="flex items-center gap-3">
          <ProjectorControls />
          <Link href="/" className="focus-ring btn-quiet">
            Back to the playground
          </Link>
        </div>
      </header>

      <form onSubmit={start} className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm text-slate-800">
        <fieldset className="flex flex-wrap items-center gap-1.5">
          <legend className="mb-1 font-semibold">Patterns</legend>
          {patterns.map((p) => (
            <label key={p.id} className={chip(chosen.has(p.id))}>
              <input
                type="checkbox"
                className="sr-only"
                checked={chosen.has(p.id)}
                onChange={() => toggle(setChosen, p.id)}
                disabled={running}
                data-testid={`eval-pattern-${p.id}`}
              />
              <span className="font-bold">{p.id}</span> {p.name}
            </label>
          ))}
        </fieldset>
        <fieldset className="flex flex-wrap items-center gap-1.5">
          <legend className="mb-1 font-semibold">
            Faults{" "}
            <span className="font-normal text-slate-600">(on every model call of every turn; a service down applies to C and G only)</span>
          </legend>
          {FAULTS.map((f) => (
            <label key={f} className={chip(faults.has(f))}>
              <input
                type="checkbox"
                className="sr-only"
                checked={faults.has(f)}
                onChange={() => toggle(setFaults, f)}
                disabled={running}
                data-testid={`eval-fault-${f}`}
              />
              {FAULT_LABELS[f]}
            </label>
          ))}
        </fieldset>
        <div
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={drop}
          className={`flex flex-wrap items-center gap-3 rounded-lg border-2 border-dashed p-2 ${dragging ? "border-blue-700 bg-blue-50" : "border-slate-300"}`}
          data-testid="eval-dataset-drop"
        >
          <span className="font-semibold">Dataset</span>
          <span data-testid="eval-dataset-name">
            {dataset
              ? `${dataset.value.name} (${dataset.file}): ${dataset.value.cases.length} cases on ${dataset.value.clock.now} ${dataset.value.clock.timeZone}`
              : "the built-in conversation corpus"}
          </span>
          <label className="focus-ring btn-quiet cursor-pointer has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-blue-700">
            {dataset ? "Another file…" : "Your own cases (JSON or JSONL)…"}
            <input
              type="file"
              accept=".json,.jsonl,.ndjson,application/json"
              className="sr-only"
              disabled={running}
              onChange={(e) => {
                void takeFile(e.target.files?.[0]);
                e.target.value = "";
              }}
              data-testid="eval-dataset-file"
            />
          </label>
          {dataset && (
            <button
              type="button"
              className="focus-ring btn-quiet"
              disabled={running}
              onClick={() => setDataset(null)}
              data-testid="eval-dataset-clear"
            >
              Use the corpus
            </button>
          )}
          <span className="text-xs text-slate-600">or drop a file here</span>
        </div>
        <div className="flex flex-wrap items-end gap-4">
          <label className="flex flex-col gap-1 font-semibold">
            Built-in cases
            <select
              value={set}
              onChange={(e) => setSet(e.target.value === "generated" ? "generated" : "corpus")}
              disabled={running || dataset !== null}
              className="focus-ring rounded-lg border border-slate-300 px-2 py-1 font-normal"
              data-testid="eval-set"
            >
              <option value="corpus">Conversation corpus</option>
              <option value="generated">Generated requests (understanding under variation)</option>
            </select>
          </label>
          <label className="flex flex-col gap-1 font-semibold">
            Cases
            <input
              type="number"
              min={1}
              max={limits.maxCases}
              value={caseCount}
              onChange={(e) => setCases(Math.max(1, Math.min(limits.maxCases, Number(e.target.value) || 1)))}
              disabled={running || dataset !== null}
              className="focus-ring w-24 rounded-lg border border-slate-300 px-2 py-1 font-normal"
              data-testid="eval-cases"
            />
          </label>
          <label className="flex flex-col gap-1 font-semibold">
            Repeat
            <input
              type="number"
              min={1}
              max={limits.maxRepeat}
              value={repeat}
              onChange={(e) => setRepeat(Math.max(1, Math.min(limits.maxRepeat, Number(e.target.value) || 1)))}
              disabled={running}
              className="focus-ring w-20 rounded-lg border border-slate-300 px-2 py-1 font-normal"
              data-testid="eval-repeat"
            />
          </label>
          <label
            className="flex flex-col gap-1 font-semibold"
            title="The simulated model's seeded variation, not a real model's sampling: each repeat has its own seed"
          >
            Simulated variation (temperature)
            <input
              type="number"
              min={0}
              max={1}
              step={0.1}
              value={temperature}
              onChange={(e) => setTemperature(Math.max(0, Math.min(1, Number(e.target.value) || 0)))}
              disabled={running}
              className="focus-ring w-24 rounded-lg border border-slate-300 px-2 py-1 font-normal"
              data-testid="eval-temperature"
            />
          </label>
          <span className={planned > limits.maxRuns ? "font-semibold text-rose-800" : "text-slate-700"} data-testid="eval-planned">
            {planned} cases to play
            {planned > limits.maxRuns ? ` — at most ${limits.maxRuns} here; the CLI (npm run eval) plays the whole matrix` : ""}
          </span>
          <button
            type="submit"
            disabled={running || !pickedPatterns.length || !pickedFaults.length || planned > limits.maxRuns}
            className="focus-ring btn-primary ml-auto"
            data-testid="eval-run"
          >
            {running ? "Evaluating…" : "Evaluate"}
          </button>
          {evaluation?.status === "running" && (
            <button
              type="button"
              onClick={cancel}
              className="focus-ring rounded-lg border border-slate-300 px-3 py-1"
              data-testid="eval-cancel"
            >
              Cancel
            </button>
          )}
        </div>
      </form>

      {failure && (
        <p role="alert" className="rounded-lg border border-rose-300 bg-rose-50 p-3 text-rose-900" data-testid="eval-error">
          {failure}
        </p>
      )}

      {evaluation && (
        <section aria-labelledby="eval-progress-label" className="flex flex-col gap-1">
          <div className="flex justify-between text-sm text-slate-800">
            <span id="eval-progress-label" className="font-semibold">
              {evaluation.status === "running"
                ? "Evaluating"
                : evaluation.status === "done"
                  ? "Done"
                  : evaluation.status === "interrupted"
                    ? "Interrupted"
                    : evaluation.status === "cancelled"
                      ? "Cancelled"
                      : "Failed"}
            </span>
            <span data-testid="eval-progress-text">
              {progress?.done ?? 0} / {progress?.total ?? 0} cases
            </span>
          </div>
          <div
            role="progressbar"
            aria-labelledby="eval-progress-label"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
            className="h-3 overflow-hidden rounded-full bg-slate-200"
            data-testid="eval-progress"
            data-status={evaluation.status}
          >
            <div className="h-full bg-blue-700 transition-[width] motion-reduce:transition-none" style={{ width: `${pct}%` }} />
          </div>
          {evaluation.error && (
            <p role="alert" className="text-rose-900">
              {evaluation.error}
            </p>
          )}
        </section>
      )}

      {evaluation && evaluation.cells.length > 0 && (
        <>
          <Measured evaluation={evaluation} />
          <EvalResults cells={evaluation.cells} patterns={patterns} changes={evaluation.comparison?.changes} />
        </>
      )}
    </main>
  );
}

/** What the matrix measured, above it, so a screenshot explains itself; and the result to take away. */
function Measured({ evaluation }: { evaluation: Evaluation }) {
  const { plan } = evaluation;
  const facts: [string, string][] = plan
    ? [
        ["Dataset", plan.dataset?.name ?? "corpus"],
        ["Cases", String(plan.cases)],
        ["Repeats", String(plan.repeat)],
        ["Seed", plan.temperature ? `${plan.seed ?? 0} (temperature ${plan.temperature})` : "— (deterministic)"],
        ["Vendors", plan.vendors === "live" ? "live" : "simulated"],
        ["Clock", plan.dataset ? `${plan.dataset.clock.now} ${plan.dataset.clock.timeZone}` : "—"],
      ]
    : [];
  const base = `${evaluation.id}${evaluation.comparison ? `-vs-${evaluation.comparison.against}` : ""}`;
  return (
    <section
      aria-label="What was measured"
      className="flex flex-wrap items-center gap-x-5 gap-y-1 rounded-lg border border-slate-200 bg-white px-3 py-2 text-sm"
      data-testid="eval-measured"
    >
      {facts.map(([name, value]) => (
        <span key={name} data-testid={`eval-measured-${name.toLowerCase()}`}>
          <span className="font-semibold text-slate-900">{name}</span> <span className="text-slate-800">{value}</span>
        </span>
      ))}
      {evaluation.comparison && (
        <span data-testid="eval-measured-against">
          <span className="font-semibold text-slate-900">Against</span>{" "}
          <span className="font-mono text-slate-800">{evaluation.comparison.against}</span>
        </span>
      )}
      <span className="ml-auto flex gap-2">
        <button
          type="button"
          className="focus-ring btn-quiet"
          onClick={() => download(`${base}.json`, "application/json", JSON.stringify(evaluation, null, 1))}
          data-testid="eval-download-json"
        >
          Download JSON
        </button>
        <button
          type="button"
          className="focus-ring btn-quiet"
          onClick={() => download(`${base}.csv`, "text/csv", cellsCsv(evaluation.cells))}
          data-testid="eval-download-csv"
        >
          Download CSV
        </button>
      </span>
    </section>
  );
}
