import { TraceEvent, type TraceEventInput } from "./events";

/**
 * Stamps each event with runId, seq (1, 2, 3…) and t (ms since the run started), checks it
 * against the protocol, and hands it to every listener (the SSE stream, the store, metrics).
 */
export class RunTrace {
  readonly events: TraceEvent[] = [];
  private readonly started = performance.now();
  private readonly listeners: ((event: TraceEvent) => void)[] = [];
  // Step mode: time the run spent held for a person, left out of t, elapsed and node latencies.
  private heldMs = 0;
  private heldSince: number | null = null;

  constructor(readonly runId: string) {}

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

  emit = (input: TraceEventInput): TraceEvent => {
    const event = TraceEvent.parse({ ...input, runId: this.runId, seq: this.events.length + 1, t: this.elapsed() });
    this.events.push(event);
    for (const listener of this.listeners) listener(event);
    return event;
  };
}
