import { AppError } from "@/lib/errors";
import { MAX_TOOL_CALLS_PER_TURN } from "@/lib/trace/events";
import type { Exchange, Protocol } from "./format";

/**
 * How many tool calls a recorded model answer asks for, read as each protocol shapes them: a tape
 * (an upload, or a run named by a run's `tape` option) that asks for more in one turn than a
 * pattern runs is refused before it is stored or played, though every pattern would refuse them too.
 */
type Part = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const count = (items: unknown, is: (item: Part) => boolean = () => true): number =>
  Array.isArray(items) ? items.filter((item: unknown) => typeof item === "object" && item !== null && is(item as Part)).length : 0;

const ASKED: Record<Protocol, (body: Part | undefined, frames: Part[]) => number> = {
  "openai.chat": (body, frames) =>
    Math.max(
      count(body?.choices?.[0]?.message?.tool_calls),
      // A streamed call comes in pieces under its index.
      new Set(
        frames
          .flatMap((f) => (Array.isArray(f.choices?.[0]?.delta?.tool_calls) ? f.choices[0].delta.tool_calls : []))
          .map((c: Part) => c?.index),
      ).size,
    ),
  "openai.responses": (body, frames) =>
    Math.max(
      count(body?.output, (i) => i.type === "function_call"),
      count(frames, (f) => f.type === "response.output_item.added" && f.item?.type === "function_call"),
      ...frames.map((f) => count(f.response?.output, (i) => i.type === "function_call")),
    ),
  "anthropic.messages": (body, frames) =>
    Math.max(
      count(body?.content, (b) => b.type === "tool_use"),
      count(frames, (f) => f.type === "content_block_start" && f.content_block?.type === "tool_use"),
    ),
  "bedrock.converse": (body) => count(body?.output?.message?.content, (b) => typeof b.toolUse === "object"),
  "bedrock.converse-stream": (_, frames) => count(frames, (f) => typeof f.start?.toolUse === "object"),
  "bedrock-agent.invoke": (_, frames) => Math.max(0, ...frames.map((f) => count(f.returnControl?.invocationInputs ?? f.invocationInputs))),
};

function toolCallsAsked(exchange: Exchange): number {
  const parts = (exchange.response.frames ?? []).map((f) => f.data ?? f.body).filter((p): p is Part => typeof p === "object" && p !== null);
  const body = typeof exchange.response.body === "object" && exchange.response.body !== null ? (exchange.response.body as Part) : undefined;
  return ASKED[exchange.protocol](body, parts);
}

/** Refuses a tape whose model asks for more tool calls in one turn than any pattern runs. */
export function assertWithinTurnCap(exchanges: Exchange[]): void {
  for (const exchange of exchanges) {
    const asked = toolCallsAsked(exchange);
    if (asked > MAX_TOOL_CALLS_PER_TURN)
      throw new AppError(
        "bad_request",
        `Exchange ${exchange.seq} of the tape asks for ${asked} tool calls in one turn; a pattern runs at most ${MAX_TOOL_CALLS_PER_TURN}.`,
      );
  }
}
