import { TraceEvent, type TraceEventInput } from "./events";

/**
 * Stamps each event with runId, seq (1, 2, 3…) and t (ms since the run started), checks it
 * against the protocol, and hands it to every listener (the SSE stream, the store, metrics).
 */
export class RunTrace {
  readonly events: TraceEvent[] = [];
  private readonly started = performance.now();
  private readonly listeners: ((event: TraceEvent) => void)[] = [];

  constructor(readonly runId: string) {}

  on(listener: (event: TraceEvent) => void): void {
    this.listeners.push(listener);
  }

  elapsed(): number {
    return Math.round((performance.now() - this.started) * 10) / 10;
  }

  emit = (input: TraceEventInput): TraceEvent => {
    const event = TraceEvent.parse({ ...input, runId: this.runId, seq: this.events.length + 1, t: this.elapsed() });
    this.events.push(event);
    for (const listener of this.listeners) listener(event);
    return event;
  };
}
