import type { Conversation } from "@/lib/sim";
import type { ModelScript, ScriptedCall, ScriptedMove } from "@/lib/sim/script";

/**
 * A scripted model double for pattern tests (the idea of the Agents SDK's scripted test model): the
 * test queues the model's moves, and each model call of the run — any vendor, any wire, inside
 * services too — takes the next one. So a pattern's own guards (caps, validation, the member
 * binding) are tested against a model that misbehaves on purpose, independently of the brain.
 *
 *   const model = scripted(call("book_slot", { slot_id, user_id: "someone-else" }), say("Done."));
 *   await turn("D", "Book it", { userId, script: model });
 */
export type Move = ScriptedMove | ((conv: Conversation) => ScriptedMove);

/** A plain text answer (also JSON text, when the caller asked for JSON). */
export const say = (text: string): ScriptedMove => ({ text });
/** JSON text, as a model in JSON mode answers. */
export const json = (value: unknown): ScriptedMove => ({ text: JSON.stringify(value) });
/** JSON broken off mid-object, as truncated output is. */
export const malformedJson = (): ScriptedMove => ({ text: '{"intent": "book", "date": "2026-12-0' });
/** One tool call with the given arguments; several calls in one turn with `calls`. */
export const call = (name: string, args: Record<string, unknown> = {}): ScriptedMove => ({ calls: [{ name, args }] });
export const calls = (...list: ScriptedCall[]): ScriptedMove => ({ calls: list });
/** A tool call whose arguments are not valid JSON. */
export const brokenArgs = (name: string, argsText = '{"slot_id": "2026-12-02_Court'): ScriptedMove => ({ calls: [{ name, argsText }] });
/** Let the simulated brain make this one move (e.g. a parse step the test does not care about). */
export const brain = (): ScriptedMove => ({ brain: true });

/** What the scripted model answers once the queue is empty. */
const OUT_OF_MOVES = "(the scripted model has no moves left)";

export class ScriptedModel implements ModelScript {
  /** Every conversation the model was shown, one per model call, in order. */
  readonly seen: Conversation[] = [];
  private readonly queue: Move[];

  constructor(
    moves: Move[],
    private readonly then?: Move,
  ) {
    this.queue = [...moves];
  }

  next(conv: Conversation): ScriptedMove {
    // A copy: some adapters keep growing the same message list after the model answered.
    this.seen.push(structuredClone(conv));
    const move = this.queue.shift() ?? this.then ?? say(OUT_OF_MOVES);
    return typeof move === "function" ? move(conv) : move;
  }

  /** Moves queued but never asked for. */
  get left(): number {
    return this.queue.length;
  }

  /** The tool results the model was shown on its last call, parsed where they are JSON. */
  lastToolResults(): unknown[] {
    const conv = this.seen.at(-1);
    return (conv?.messages ?? []).flatMap((m) => (m.role === "tool" ? [parse(m.content)] : []));
  }
}

/** A model that answers with these moves, then (when they run out) says it has nothing left. */
export function scripted(...moves: Move[]): ScriptedModel {
  return new ScriptedModel(moves);
}

/** A model that makes these moves and then repeats the last one for ever: an endless stream of tool calls. */
export function forever(...moves: Move[]): ScriptedModel {
  return new ScriptedModel(moves, moves.at(-1));
}

/** A move that reads the conversation: e.g. book every slot the last check returned. */
export function fromResults(make: (results: unknown[], conv: Conversation) => ScriptedMove): Move {
  return (conv) =>
    make(
      conv.messages.flatMap((m) => (m.role === "tool" ? [parse(m.content)] : [])),
      conv,
    );
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
