import { env } from "@/lib/env";
import type { TraceEvent } from "@/lib/trace/events";

type Listener = { deliver: (event: TraceEvent) => void; end: () => void };

/**
 * A run streaming from this process, and who follows it. A member who reloads the page mid-run
 * re-attaches instead of losing the run: when its last follower goes, the run gets RUN_GRACE_MS to
 * be followed again (GET /api/runs/{id}/events) before it is aborted as a hang-up.
 */
export class LiveRun {
  /** What the run has sent so far, for a follower who comes back after a reload (a run's events are bounded by its rounds). */
  readonly events: TraceEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private grace: ReturnType<typeof setTimeout> | undefined;
  private ended = false;

  constructor(
    readonly userId: string,
    private readonly abort: AbortController,
  ) {}

  publish = (event: TraceEvent): void => {
    if (event.type === "run.start") LIVE.set(event.runId, this);
    this.events.push(event);
    for (const listener of this.listeners) listener.deliver(event);
  };

  /** Adds a follower; the returned function removes it (once), and the last one to go starts the grace period. */
  follow(listener: Listener): () => void {
    clearTimeout(this.grace);
    this.grace = undefined;
    this.listeners.add(listener);
    return () => {
      if (!this.listeners.delete(listener) || this.listeners.size > 0 || this.ended) return;
      const graceMs = env().RUN_GRACE_MS;
      if (graceMs === 0) this.abort.abort();
      else this.grace = setTimeout(() => this.abort.abort(), graceMs);
    };
  }

  /** The run is over: followers' streams close and the run is no longer followed from here. */
  end(): void {
    this.ended = true;
    clearTimeout(this.grace);
    for (const listener of this.listeners) listener.end();
    this.listeners.clear();
    const runId = this.events.find((e) => e.type === "run.start")?.runId;
    if (runId && LIVE.get(runId) === this) LIVE.delete(runId);
  }
}

/** Runs live in this process by id; a run on another instance is followed from the store instead. */
const LIVE = new Map<string, LiveRun>();

/** The member's own run, if it is still running in this process. */
export function liveRun(runId: string, userId: string): LiveRun | undefined {
  const live = LIVE.get(runId);
  return live?.userId === userId ? live : undefined;
}
