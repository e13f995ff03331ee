import type { TraceEvent } from "@/lib/trace/events";

/** One line per event, for the timeline and the inspector's headings. */
export function describeEvent(e: TraceEvent): string {
  switch (e.type) {
    case "run.start":
      // A run on a clock of its own (an evaluation case's, a fork's parent's, a tape's) says so: its "today" is not the viewer's.
      return `${e.pattern}: "${e.input}"${e.clock && e.clock.source !== "server" ? ` · on the ${e.clock.source}'s clock, ${e.clock.now} ${e.clock.timeZone}` : ""}`;
    case "node.start":
      return e.label ?? "started";
    case "node.paused":
      return `waiting to be continued (step ${e.hold})`;
    case "node.end":
      return e.ok ? `done in ${e.ms} ms` : `failed after ${e.ms} ms${e.error ? `: ${e.error}` : ""}`;
    case "edge":
      return `${e.from} → ${e.to}${e.label ? ` (${e.label})` : ""}`;
    case "handoff":
      return `${e.from} → ${e.to}: ${e.task}`;
    case "llm.request":
      return `${e.vendor} ${e.model} (${e.live ? "live" : "sim"})${e.tools.length ? `, tools: ${e.tools.join(", ")}` : ""}`;
    case "llm.delta":
      return e.text;
    case "llm.response":
      return `${e.toolCalls?.length ? e.toolCalls.map((c) => c.name).join(", ") : (e.text ?? "").slice(0, 80)} · ${estimate(e.usage.estimated)}${e.usage.inputTokens}+${e.usage.outputTokens} tokens · ${e.ms} ms`;
    case "tool.call":
      return `${e.tool}(${compact(e.args)})`;
    case "tool.result":
      return e.error ? `${e.tool} refused: ${e.error.code}` : `${e.tool} ok · ${e.ms} ms`;
    case "http.request":
      return `${e.service} ${e.url}`;
    case "http.response":
      return `${e.service} ${e.status} · ${e.ms} ms`;
    case "decision":
      return `${e.by} decided: ${e.choice}`;
    case "state":
      return compact(e.state);
    case "message.delta":
      return e.text;
    case "message":
      return e.text;
    case "error":
      return `${e.code}: ${e.message}${e.retryable ? " (retryable)" : ""}`;
    case "approval.request":
      return `waiting for you: ${e.summary} (state held in ${e.heldBy})`;
    case "run.end":
      return `${e.status} in ${Math.round(e.metrics.ms)} ms`;
  }
}

/** Marks figures the simulated model estimated (tokens at about four characters each, cost at the real model's price). */
export function estimate(estimated: boolean | undefined): string {
  return estimated ? "≈" : "";
}

export const ESTIMATE_NOTE = "≈ estimated: the simulated model counts about four characters a token, priced as the real model";

export function compact(value: unknown): string {
  const text = JSON.stringify(value) ?? "";
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

export function eventNode(e: TraceEvent): string | null {
  return "node" in e && typeof e.node === "string" ? e.node : null;
}
