/**
 * B — Workflow in one process. Fixed steps decided at design time: Parse → Validate → Check →
 * Select → Book → Confirm. LLMs fill in three steps (understand, choose, phrase) but never choose
 * the next step. Use it when the process is known and must be predictable, yet parts need judgement.
 */
import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors";
import { assertBookableHour, assertValidDate, type Slot } from "@/lib/domain/slots";
import { addDays, clubToday, HORIZON_DAYS } from "@/lib/domain/clock";
import type { Booking } from "@/lib/domain/bookings";
import { declinedReply, isPause, needsApproval, Pause, summarise, type Decision } from "./kit/approval";
import { chat, trimHistory } from "./kit/chat";
import { callTool, decide, here, reply, resumeAfter, say, step, type Pattern, type RunContext } from "./kit/context";
import { extractRequest, parseJsonObject, type Extraction } from "./kit/extract";
import { ChatMessage } from "./kit/messages";
import { clubFacts } from "./kit/prompts";
import { bookingsMatching, cancelledReply, listReply, noneToCancelReply, whichOneQuestion } from "./kit/own-bookings";
import { refusal } from "./kit/replies";
import { answerAside, fitting, freeReply, impossibility, inRange, notBookedYet, unfitReply, type Answer } from "./kit/requests";
import { graph } from "./graph";

const Conversation = z.object({ history: z.array(ChatMessage) });
type Conversation = z.infer<typeof Conversation>;
const KEEP_TURNS = 20;

export const patternB: Pattern<Conversation> = {
  id: "B",
  name: "Workflow",
  style: "Workflow, one process",
  runtime: "shared",
  decides: "Fixed steps in your code; LLMs parse, select and phrase",
  decider: "code",
  vendors: { "parse-llm": "openai", "select-llm": "anthropic", "confirm-llm": "openai" },
  vendorChoices: {
    "parse-llm": ["openai", "anthropic", "bedrock"],
    "select-llm": ["anthropic", "openai", "bedrock"],
    "confirm-llm": ["openai", "anthropic", "bedrock"],
  },
  sources: ["lib/patterns/b.ts"],
  graph: graph({
    nodes: [
      { id: "user", kind: "user", label: "Member", at: [0, 1] },
      { id: "parse", kind: "step", label: "Parse", at: [1, 1] },
      { id: "parse-llm", kind: "llm", label: "Parse LLM", at: [1, 0] },
      { id: "validate", kind: "code", label: "Validate", at: [2, 1], detail: "rules" },
      { id: "check", kind: "tool", label: "Check", at: [3, 1] },
      { id: "select", kind: "step", label: "Select", at: [4, 1] },
      { id: "select-llm", kind: "llm", label: "Select LLM", at: [4, 0] },
      { id: "book", kind: "tool", label: "Book", at: [5, 1] },
      { id: "confirm", kind: "step", label: "Confirm", at: [6, 1] },
      { id: "confirm-llm", kind: "llm", label: "Confirm LLM", at: [6, 0] },
      { id: "db", kind: "db", label: "Bookings DB", at: [4, 2.3] },
      { id: "mine", kind: "tool", label: "my_bookings", at: [3, 2.3] },
      { id: "cancel", kind: "tool", label: "cancel_booking", at: [3, 3.3] },
    ],
    edges: [
      { from: "user", to: "parse" },
      { from: "parse", to: "parse-llm" },
      { from: "parse", to: "validate" },
      { from: "validate", to: "check" },
      { from: "check", to: "select" },
      { from: "select", to: "select-llm" },
      { from: "select", to: "book" },
      { from: "book", to: "confirm" },
      { from: "confirm", to: "confirm-llm" },
      { from: "check", to: "db" },
      { from: "book", to: "db" },
      { from: "validate", to: "mine" },
      { from: "mine", to: "cancel" },
      { from: "mine", to: "db" },
      { from: "cancel", to: "db" },
      { from: "confirm", to: "user", label: "reply" },
    ],
  }),
  stateSchema: Conversation,
  initialState: () => ({ history: [] }),

  async run(ctx) {
    const history: ChatMessage[] = [...ctx.state.history, { role: "user", text: ctx.input }];
    const reply = await workflow(ctx, history);
    return isPause(reply) ? reply : answer(ctx, history, reply);
  },

  // The workflow stopped before its Book (or cancel) step; it resumes there with the member's decision.
  async resume(ctx, held, decision) {
    const h = held as Held;
    resumeAfter(ctx, h.step === "book" ? "select" : "mine");
    return answer(
      ctx,
      h.history,
      h.step === "book" ? await bookAndConfirm(ctx, h.slot, h.request, decision) : await cancelOne(ctx, h.booking, decision),
    );
  },
};

/** Where the workflow stopped for the member's approval: the step it is about to run and what it has decided so far. */
type Held = { history: ChatMessage[] } & ({ step: "book"; slot: Slot; request: Extraction } | { step: "cancel"; booking: Booking });
const HELD_BY = "the workflow's state (its next step and the chosen slot), a row in the database";

function answer(ctx: RunContext<Conversation>, history: ChatMessage[], text: string): Conversation {
  // Only Confirm hands the reply back along an edge: a workflow that stopped earlier answers from where it stopped.
  if (here(ctx) === "confirm") reply(ctx, text);
  else say(ctx, text);
  return { history: trimHistory([...history, { role: "assistant", text }], KEEP_TURNS) };
}

async function workflow(ctx: RunContext<Conversation>, history: ChatMessage[]): Promise<string | Pause> {
  // region parse
  const request = await step(ctx, "parse", () => step(ctx, "parse-llm", () => extractRequest(ctx, history)), { label: "message" });
  // endregion parse
  // region validate
  const stop = await step(ctx, "validate", async () => answerAside(request, ctx.input) ?? impossibility(request) ?? validate(request), {
    label: "JSON",
  });
  const own = request.intent === "mine" || request.intent === "cancel";
  decide(
    ctx,
    "validate",
    "code",
    stop
      ? `stop: ${stop.why}`
      : own
        ? `the member's own bookings: ${request.intent === "mine" ? "list them" : "cancel one"}`
        : "valid: continue to Check",
  );
  if (stop) return stop.reply;
  if (own) return ownBookings(ctx, request, history);
  // endregion validate
  // region check
  const checked = await callTool(ctx, "check_availability", { date: request.date, time: request.time }, `${ctx.runId}-check`);
  if (!checked.ok) return refusal(checked.error);
  const free = checked.result.free_slots;
  const wish = { ...request, range: request.time_range };
  const then = inRange(free, wish);
  if (request.intent !== "book" || then.length === 0) {
    decide(ctx, "check", "code", request.intent !== "book" ? "availability only: end after Check" : "nothing free: end after Check");
    return freeReply(request.date!, free, wish) + (then.length === 0 && request.intent === "book" ? " Try another time or day." : "");
  }
  const fits = fitting(then, request);
  if (fits.length === 0) {
    decide(
      ctx,
      "check",
      "code",
      `${request.court ? `Court ${request.court}` : `No ${request.preferences.join(" ")} court`} free: end after Check`,
    );
    return unfitReply(request.date!, free, wish);
  }
  decide(ctx, "check", "code", `${fits.length} free: continue to Select`);
  // endregion check
  // region select
  const chosen = await step(ctx, "select", () => selectSlot(ctx, request, fits), { label: `${fits.length} slots` });
  // endregion select
  if (needsApproval(ctx, "book_slot")) {
    decide(ctx, "select", "code", "approval mode: stop before Book until the member decides");
    const args = { slot_id: chosen.slot_id };
    return new Pause({
      node: "book",
      tool: "book_slot",
      args,
      summary: summarise("book_slot", args),
      heldBy: HELD_BY,
      state: { history, step: "book", slot: chosen, request } satisfies Held,
    });
  }
  return bookAndConfirm(ctx, chosen, request);
}

/** Book, then Confirm; when the member declined, code ends the workflow before Book. */
async function bookAndConfirm(ctx: RunContext<Conversation>, chosen: Slot, request: Extraction, decision?: Decision): Promise<string> {
  if (decision && !decision.approved) {
    decide(ctx, "book", "code", `declined (${decision.reason ?? "by the member"}): end before Book`);
    return declinedReply(decision, "book_slot", summarise("book_slot", { slot_id: chosen.slot_id }));
  }
  // region book
  const booked = await callTool(ctx, "book_slot", { slot_id: chosen.slot_id }, `${ctx.runId}-book`);
  decide(ctx, "book", "code", booked.ok ? "booked: continue to Confirm" : `refused (${booked.error.code}): explain`);
  // endregion book
  // region confirm
  return step(ctx, "confirm", async () => {
    const facts = booked.ok ? { booked: booked.result.booked } : { refused: booked.error };
    const { text } = await step(ctx, "confirm-llm", () =>
      chat(ctx, {
        reply: true,
        system: `You write the club's short, friendly reply to a member. ${clubFacts()}\nState only the facts given.`,
        messages: [{ role: "user", text: `Member asked: ${ctx.input}\nOutcome: ${JSON.stringify(facts)}\nWrite the reply.` }],
      }),
    );
    return booked.ok ? text + notBookedYet(request.also, request.date!) : text;
  });
  // endregion confirm
}

/** Code rules before any database work: a day, a time (or a range) when booking, opening hours, horizon. */
function validate(r: Extraction): Answer | null {
  const stop = (reply: string, why: string) => ({ reply, why });
  if (r.intent === "mine" || r.intent === "cancel") return null;
  if (r.intent === "other" && !r.date)
    return stop('I can check free courts and book one. Try "Book a court tomorrow at 3pm".', "no booking request");
  if (!r.date) return stop("Which day would you like to play?", "no day");
  if (r.intent === "book" && !r.time && !r.time_range && !r.preferences.some((p) => p === "earliest" || p === "latest"))
    return stop("What time would you like to play?", "no time");
  try {
    if (r.time) assertBookableHour(r.date, r.time);
    else assertValidDate(r.date);
    if (r.date < clubToday()) throw new AppError("slot_in_past", `${r.date} is in the past.`);
    if (r.date > addDays(clubToday(), HORIZON_DAYS))
      throw new AppError("beyond_horizon", `Courts can be booked at most ${HORIZON_DAYS} days ahead.`);
    return null;
  } catch (error) {
    if (isAppError(error)) return stop(refusal(error), refusal(error));
    throw error;
  }
}

/** Off the booking row: list the member's bookings, or cancel the one code finds from what they said (asking when several fit). */
async function ownBookings(ctx: RunContext<Conversation>, request: Extraction, history: ChatMessage[]): Promise<string | Pause> {
  const listed = await callTool(ctx, "my_bookings", {}, `${ctx.runId}-mine`);
  if (!listed.ok) return listed.error.message;
  const bookings = listed.result.bookings;
  if (request.intent === "mine") return listReply(bookings, request);
  const fits = bookingsMatching(bookings, request);
  if (fits.length !== 1) {
    decide(ctx, "validate", "code", fits.length ? `${fits.length} bookings fit: ask which` : "no booking fits: cancel nothing");
    return fits.length ? whichOneQuestion(fits) : noneToCancelReply(bookings);
  }
  decide(ctx, "validate", "code", `cancel the member's booking ${fits[0].booking_id}`);
  if (needsApproval(ctx, "cancel_booking")) {
    const args = { booking_id: fits[0].booking_id };
    return new Pause({
      node: "cancel",
      tool: "cancel_booking",
      args,
      summary: summarise("cancel_booking", args),
      heldBy: HELD_BY,
      state: { history, step: "cancel", booking: fits[0] } satisfies Held,
    });
  }
  return cancelOne(ctx, fits[0]);
}

async function cancelOne(ctx: RunContext<Conversation>, booking: Booking, decision?: Decision): Promise<string> {
  if (decision && !decision.approved) {
    decide(ctx, "cancel", "code", `declined (${decision.reason ?? "by the member"}): cancel nothing`);
    return declinedReply(decision, "cancel_booking", summarise("cancel_booking", { booking_id: booking.booking_id }));
  }
  const cancelled = await callTool(ctx, "cancel_booking", { booking_id: booking.booking_id }, `${ctx.runId}-cancel`);
  return cancelled.ok ? cancelledReply(cancelled.result.cancelled) : `I could not cancel it: ${cancelled.error.message}`;
}

/** The LLM picks among the free slots; code accepts only a slot that was actually offered. */
async function selectSlot(ctx: RunContext<Conversation>, request: Extraction, free: Slot[]): Promise<Slot> {
  const answer = await step(ctx, "select-llm", () =>
    chat(ctx, {
      json: true,
      system:
        "You choose the best tennis court slot for a member. Return JSON with keys slot_id, reason. Choose only a slot_id from the list.",
      messages: [
        {
          role: "user",
          text: `Request: ${ctx.input}\nPreferences: ${JSON.stringify({ court: request.court, time: request.time, time_range: request.time_range, preferences: request.preferences })}\nFree slots: ${JSON.stringify(free)}`,
        },
      ],
    }),
  );
  const picked = parseJsonObject(answer.text);
  const slot = free.find((s) => s.slot_id === picked?.slot_id);
  if (!slot) {
    decide(ctx, "select", "code", picked ? `reject ${String(picked.slot_id)}: not offered` : "reject: not valid JSON");
    throw new AppError(
      "model_output_invalid",
      picked
        ? `The selection model chose "${String(picked.slot_id)}", which was not among the free slots, so nothing was booked.`
        : "The selection model did not answer with valid JSON, so nothing was booked.",
    );
  }
  decide(ctx, "select", "llm", `${slot.slot_id}${typeof picked?.reason === "string" ? `: ${picked.reason}` : ""}`);
  return slot;
}
