"use client";

import { useState } from "react";

type Props = { runId: string; node: string; hold: number; onError: (message: string) => void };

/** Step mode: the run waits before `node`; this lets it take that step (key Space). */
export function StepContinue({ runId, node, hold, onError }: Props) {
  const [sending, setSending] = useState(false);
  const go = async () => {
    setSending(true);
    try {
      const res = await continueStep(runId);
      if (res) onError(res);
    } finally {
      setSending(false);
    }
  };
  return (
    <button
      type="button"
      onClick={go}
      disabled={sending}
      aria-keyshortcuts="Space"
      className="focus-ring btn-primary"
      data-testid="step-continue"
      data-hold={hold}
      title={`The run waits before ${node}`}
    >
      Next step: {node} <kbd className="kbd">Space</kbd>
    </button>
  );
}

/** POST /api/runs/{id}/continue; resolves to an error message, or null. */
export async function continueStep(runId: string): Promise<string | null> {
  const res = await fetch(`/api/runs/${encodeURIComponent(runId)}/continue`, {
    method: "POST",
    headers: { "content-type": "application/json" },
  }).catch(() => null);
  if (res?.ok) return null;
  const body = await res?.json().catch(() => null);
  // A run that moved on already (a second press) is not an error worth showing.
  if (body?.error?.code === "not_paused") return null;
  return body?.error?.message ?? "The run could not be continued.";
}
