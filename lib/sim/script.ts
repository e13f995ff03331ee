import type { Conversation } from "./brain";

/**
 * The seam for scripted test models (the idea of the Agents SDK's scripted test model): a test
 * queues the model's moves for one run, and every model call of that run is answered from the
 * queue instead of the brain, on whichever vendor's wire the call came in. Only the in-process
 * simulated service (the one this process's own clients reach) consults scripts, and scripts are
 * keyed by the run id the engine generated, registered in memory by the test that ran it: nothing
 * an HTTP caller sends can add a script or pick one.
 */
export type ScriptedCall = {
  name: string;
  args?: Record<string, unknown>;
  /** Raw arguments as the model wrote them, e.g. broken JSON. */ argsText?: string;
};
export type ScriptedMove = { text: string } | { calls: ScriptedCall[] } | { brain: true };
export type ModelScript = { next(conv: Conversation): ScriptedMove };

const scripts = new Map<string, ModelScript>();

export function setModelScript(runId: string, script: ModelScript): void {
  scripts.set(runId, script);
}

export function clearModelScript(runId: string): void {
  scripts.delete(runId);
}

/** The script answering a run's model calls, if a test registered one. */
export function scriptOf(runId: string | undefined): ModelScript | undefined {
  return runId ? scripts.get(runId) : undefined;
}
