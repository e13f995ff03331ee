import { MAX_RUN_EVENTS, TraceEvent, type TraceEventInput } from "./events";

/** The room kept below MAX_RUN_EVENTS for how a run stopped at it ends: nodes closing, the error, the apology, run.end. */
const CLOSING_ROOM = 20;
const CLOSING = new Set<TraceEvent["type"]>(["node.end", "error", "message", "run.end"]);

/**
 * Stamps each event with runId, seq (1, 2, 3…) and t (ms since the run started), checks it
 * against the protocol, and hands it to every listener (the SSE stream, the store, metrics). A run
 * has at most MAX_RUN_EVENTS: near them `onFull` is told (once) to stop the run, and only the events
 * that end it are kept; run.end always is.
 */
export class RunTrace {
  readonly events: TraceEvent[] = [];
  private readonly started = performance.now();
  private readonly listeners: ((event: TraceEvent) => void)[] = [];
  // Step mode: time the run spent held for a person, left out of t, elapsed and node latencies.
  private heldMs = 0;
  private heldSince: number | null = null;

  /** True once the run reached its events' bound. */
  full = false;

  constructor(
    readonly runId: string,
    private readonly onFull: () => void = () => undefined,
  ) {}

  on(listener: (event: TraceEvent) => void): void {
    this.listeners.push(listener);
  }

  elapsed(): number {
    return Math.round((this.now() - this.started) * 10) / 10;
  }

  /** performance.now() with the run's holds taken out: it stands still while the run is held. */
  now(): number {
    const at = performance.now();
    return at - this.heldMs - (this.heldSince === null ? 0 : at - this.heldSince);
  }

  /** Stops the run's clock until the returned function is called. */
  hold(): () => void {
    const since = performance.now();
    this.heldSince = since;
    return () => {
      this.heldMs += performance.now() - since;
      this.heldSince = null;
    };
  }

  emit = (input: TraceEventInput): void => {
    if (!this.keeps(input.type)) return;
    const event = TraceEvent.parse({ ...input, runId: this.runId, seq: this.events.length + 1, t: this.elapsed() });
    this.events.push(event);
    for (const listener of this.listeners) listener(event);
  };

  private keeps(type: TraceEvent["type"]): boolean {
    if (type === "run.end") return true;
    if (this.events.length >= MAX_RUN_EVENTS - CLOSING_ROOM && !this.full) {
      this.full = true;
      this.onFull();
    }
    return !this.full || (CLOSING.has(type) && this.events.length < MAX_RUN_EVENTS - 1);
  }
}
