"use client";

import { useEffect, useRef, useState } from "react";
import type { HighlightedSource } from "@/lib/ui/highlight";
import { focusNode, isRunning, type RunView } from "@/lib/ui/run-state";

type Props = { pattern: string; run: RunView; selectedNode: string | null };

type Loaded = { pattern: string; source: HighlightedSource } | { pattern: string; error: string };

/** The running pattern's own source, highlighted at build time, with the active node's region lit. */
export function CodePane({ pattern, run, selectedNode }: Props) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const abort = new AbortController();
    fetch(`/api/source/${pattern}`, { signal: abort.signal })
      .then((res) => (res.ok ? res.json() : Promise.reject(new Error(`HTTP ${res.status}`))))
      .then((source: HighlightedSource) => setLoaded({ pattern, source }))
      .catch((error: Error) => !abort.signal.aborted && setLoaded({ pattern, error: error.message }));
    return () => abort.abort();
  }, [pattern]);

  const source = loaded?.pattern === pattern && "source" in loaded ? loaded.source : null;
  const hasRegion = (n: string) => Boolean(source?.regions[n]);
  // While a run works, follow it; afterwards, show what the presenter clicked.
  const node = !isRunning(run.status) && selectedNode && hasRegion(selectedNode) ? selectedNode : focusNode(run, hasRegion);
  const region = node ? source?.regions[node] : undefined;

  useEffect(() => {
    if (!region || !scroller.current) return;
    const first = scroller.current.querySelector<HTMLElement>(`code > .line:nth-of-type(${region[0]})`);
    if (first) scroller.current.scrollTo({ top: first.offsetTop - 48 });
  }, [region]);

  if (!loaded || loaded.pattern !== pattern) return <p className="p-3 text-sm text-slate-600">Loading the source of pattern {pattern}…</p>;
  if ("error" in loaded)
    return (
      <p role="alert" className="m-3 rounded bg-rose-50 p-2 text-sm text-rose-900">
        The source could not be loaded ({loaded.error}).
      </p>
    );

  return (
    <div className="flex min-h-0 flex-1 flex-col" data-testid="code-pane" data-region={region ? node : undefined}>
      <p className="border-b border-slate-200 px-3 py-1 font-mono text-xs text-slate-700">
        {loaded.source.file}
        {region ? ` · lines ${region[0]}–${region[1]} (${node})` : ""}
      </p>
      {region && (
        <style>{`.code-source code > .line:nth-of-type(n+${region[0]}):nth-of-type(-n+${region[1]}) { background: #fef3c7; box-shadow: inset 4px 0 0 #d97706; }`}</style>
      )}
      <div
        ref={scroller}
        className="code-source relative min-h-0 flex-1 overflow-auto text-xs"
        dangerouslySetInnerHTML={{ __html: loaded.source.html }}
      />
    </div>
  );
}
