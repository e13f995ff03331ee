"use client";

import { useEffect, useRef, useState } from "react";
import type { HighlightedSource } from "@/lib/ui/highlight";
import { focusNode, isRunning, type RunView } from "@/lib/ui/run-state";

type Props = { pattern: string; run: RunView; selectedNode: string | null };

type Loaded = { pattern: string; files: HighlightedSource[] } | { pattern: string; error: string };

/** A file the presenter turned to, held while the node that was lit then stays lit. */
type Picked = { pattern: string; file: string; node: string | null };

/**
 * The running pattern's source, highlighted at build time, with the active node's region lit. C and
 * G have several files (the orchestrator or manager, then its services): the pane turns to the file
 * that holds the lit node's region, and the presenter can turn to another until the next node lights.
 */
export function CodePane({ pattern, run, selectedNode }: Props) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [picked, setPicked] = useState<Picked | null>(null);
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const abort = new AbortController();
    fetch(`/api/source/${pattern}`, { signal: abort.signal })
      .then((res) => (res.ok ? res.json() : Promise.reject(new Error(`HTTP ${res.status}`))))
      .then(({ files }: { files: HighlightedSource[] }) => setLoaded({ pattern, files }))
      .catch((error: Error) => !abort.signal.aborted && setLoaded({ pattern, error: error.message }));
    return () => abort.abort();
  }, [pattern]);

  const files = loaded?.pattern === pattern && "files" in loaded ? loaded.files : [];
  const home = (n: string) => files.find((f) => f.regions[n]);
  const hasRegion = (n: string) => Boolean(home(n));
  // While a run works, follow it; afterwards, show what the presenter clicked.
  const node = !isRunning(run.status) && selectedNode && hasRegion(selectedNode) ? selectedNode : focusNode(run, hasRegion);
  const chosen = picked?.pattern === pattern && picked.node === node ? files.find((f) => f.file === picked.file) : undefined;
  const shown = chosen ?? (node ? home(node) : undefined) ?? files[0];
  const region = node ? shown?.regions[node] : undefined;

  useEffect(() => {
    if (!scroller.current) return;
    const first = region && scroller.current.querySelector<HTMLElement>(`code > .line:nth-of-type(${region[0]})`);
    scroller.current.scrollTo({ top: first ? first.offsetTop - 48 : 0 });
  }, [region, shown?.file]);

  if (!loaded || loaded.pattern !== pattern) return <p className="p-3 text-sm text-slate-600">Loading the source of pattern {pattern}…</p>;
  if ("error" in loaded)
    return (
      <p role="alert" className="m-3 rounded bg-rose-50 p-2 text-sm text-rose-900">
        The source could not be loaded ({loaded.error}).
      </p>
    );
  if (!shown) return null;

  return (
    <div className="flex min-h-0 flex-1 flex-col" data-testid="code-pane" data-file={shown.file} data-region={region ? node : undefined}>
      {files.length > 1 && (
        <div
          role="tablist"
          aria-label={`Source files of pattern ${pattern}`}
          className="flex flex-wrap gap-1 border-b border-slate-200 px-2 pt-1"
        >
          {files.map((f) => {
            const active = f === shown;
            const lit = Boolean(node && f.regions[node]);
            return (
              <button
                key={f.file}
                type="button"
                role="tab"
                aria-selected={active}
                aria-controls="code-source"
                title={f.file}
                onClick={() => setPicked({ pattern, file: f.file, node })}
                className={`focus-ring rounded-t px-2 py-1 font-mono text-sm ${active ? "border-b-2 border-slate-900 font-semibold text-slate-900" : "text-slate-700 hover:text-slate-900"}`}
                data-testid="code-file-tab"
              >
                {f.file.split("/").at(-1)}
                {lit && (
                  <>
                    <span aria-hidden="true" className="ml-1 text-amber-600">
                      ●
                    </span>
                    <span className="sr-only">, running {node}</span>
                  </>
                )}
              </button>
            );
          })}
        </div>
      )}
      <p className="border-b border-slate-200 px-3 py-1 font-mono text-xs text-slate-700">
        {shown.file}
        {region ? ` · lines ${region[0]}–${region[1]} (${node})` : ""}
      </p>
      {region && (
        <style>{`.code-source code > .line:nth-of-type(n+${region[0]}):nth-of-type(-n+${region[1]}) { background: #fef3c7; box-shadow: inset 4px 0 0 #d97706; }`}</style>
      )}
      <div
        ref={scroller}
        id="code-source"
        role={files.length > 1 ? "tabpanel" : undefined}
        aria-label={shown.file}
        className="code-source relative min-h-0 flex-1 overflow-auto text-xs"
        dangerouslySetInnerHTML={{ __html: shown.html }}
      />
    </div>
  );
}
