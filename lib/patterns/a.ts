/**
 * A — AI as a service. Full control: your code owns the conversation as a slot-filling state
 * machine and calls the LLM for one thing only, turning a message into JSON. Code decides what to
 * ask, when to check and when to book. Use it when the process is fixed and auditable and the AI
 * only needs to understand free text.
 */
import { z } from "zod";
import { describeDate } from "@/lib/domain/clock";
import type { Booking } from "@/lib/domain/bookings";
import type { Slot } from "@/lib/domain/slots";
import { declinedReply, isPause, needsApproval, Pause, summarise, type Decision } from "./kit/approval";
import { callTool, decide, reply, step, type Pattern, type RunContext } from "./kit/context";
import { extractRequest, type Extraction } from "./kit/extract";
import { graph } from "./graph";
import { bookingsMatching, cancelledReply, listReply, noneToCancelReply, whichOneQuestion } from "./kit/own-bookings";
import { confirmBooking, joinWords, refusal } from "./kit/replies";
import { answerAside, bestSlot, freeReply, impossibility, inRange, notBookedYet } from "./kit/requests";

/** What the last reply waits for; "offer" when it listed free courts the member may now pick from. */
const Intent = z.enum(["book", "check", "mine", "cancel"]);
type Intent = z.infer<typeof Intent>;
const SlotFilling = z.object({
  intent: Intent.nullable(),
  date: z.string().nullable(),
  time: z.string().nullable(),
  range: z.object({ from: z.string(), to: z.string() }).nullable(),
  court: z.string().nullable(),
  /** A booking the member named by its id, to cancel: only that one may be. */
  booking_id: z.string().nullable().default(null),
  /** The booking this request changes (just made): cancelled once the new one is booked. */
  moves: z.object({ date: z.string(), time: z.string(), court: z.string().nullable() }).nullable().default(null),
  preferences: z.array(z.string()),
  /** Further bookings asked for in one message, offered one at a time. */
  also: z.array(z.object({ date: z.string().nullable(), time: z.string().nullable() })),
  /** What the last reply asked for: the member's next message answers it. */
  awaiting: z.enum(["date", "time", "court", "booking", "offer"]).nullable(),
  /** Our last reply: the parse reads a short answer ("8 please", "yes") against it. */
  lastReply: z.string().nullable(),
});
type SlotFilling = z.infer<typeof SlotFilling>;
type Awaiting = SlotFilling["awaiting"];

const EMPTY: SlotFilling = {
  intent: null,
  date: null,
  time: null,
  range: null,
  court: null,
  booking_id: null,
  moves: null,
  preferences: [],
  also: [],
  awaiting: null,
  lastReply: null,
};

export const patternA: Pattern<SlotFilling> = {
  id: "A",
  name: "AI as service",
  style: "AI as a service",
  runtime: "shared",
  decides: "Your code; the LLM only parses text to JSON",
  decider: "code",
  vendors: { "parse-llm": "openai" },
  vendorChoices: { "parse-llm": ["openai", "anthropic", "bedrock"] },
  sources: ["lib/patterns/a.ts"],
  graph: graph({
    nodes: [
      { id: "user", kind: "user", label: "Member", at: [0, 1] },
      { id: "handler", kind: "code", label: "Handler", at: [1, 1], detail: "your code" },
      { id: "parse-llm", kind: "llm", label: "Parse to JSON", at: [2, 0], detail: "LLM" },
      { id: "session", kind: "code", label: "Slot filling", at: [2, 2], detail: "state machine" },
      { id: "check", kind: "tool", label: "check_availability", at: [3, 0] },
      { id: "book", kind: "tool", label: "book_slot", at: [3, 1] },
      { id: "mine", kind: "tool", label: "my_bookings", at: [3, 2] },
      { id: "cancel", kind: "tool", label: "cancel_booking", at: [4, 2] },
      { id: "db", kind: "db", label: "Bookings DB", at: [4, 0.5] },
    ],
    edges: [
      { from: "user", to: "handler" },
      { from: "handler", to: "parse-llm", label: "message" },
      { from: "parse-llm", to: "handler", label: "JSON" },
      { from: "handler", to: "session" },
      { from: "session", to: "check" },
      { from: "session", to: "book" },
      { from: "session", to: "mine" },
      { from: "session", to: "cancel" },
      { from: "check", to: "db" },
      { from: "book", to: "db" },
      { from: "mine", to: "db" },
      { from: "cancel", to: "db" },
      { from: "handler", to: "user", label: "reply" },
    ],
  }),
  stateSchema: SlotFilling,
  initialState: () => EMPTY,

  // region handler
  async run(ctx) {
    return step(
      ctx,
      "handler",
      async () => {
        const parsed = await step(
          ctx,
          "parse-llm",
          () =>
            extractRequest(ctx, [
              ...(ctx.state.lastReply ? [{ role: "assistant" as const, text: ctx.state.lastReply }] : []),
              { role: "user" as const, text: ctx.input },
            ]),
          { back: "JSON" },
        );
        return answer(ctx, await step(ctx, "session", () => respond(ctx, parsed)));
      },
      { label: "message" },
    );
  },

  // The state machine stopped before book_slot or cancel_booking; it takes that step now, as the member decided.
  async resume(ctx, held, decision) {
    const h = held as Held;
    return step(ctx, "handler", async () =>
      answer(
        ctx,
        await step(ctx, "session", () =>
          h.tool === "book_slot" ? book(ctx, h.slot, h.filling, decision) : cancelOne(ctx, h.booking, decision),
        ),
      ),
    );
  },
  // endregion handler
};

/** Where the state machine stopped for the member's approval: the slot or booking it was about to act on. */
type Held = { tool: "book_slot"; slot: Slot; filling: SlotFilling } | { tool: "cancel_booking"; booking: Booking };
const HELD_BY = "the slot-filling state machine's state (the chosen slot), a row in the database";
type Step = { state: SlotFilling; reply: string };

function answer(ctx: RunContext<SlotFilling>, next: Step | Pause): SlotFilling | Pause {
  if (isPause(next)) return next;
  reply(ctx, next.reply);
  return { ...next.state, lastReply: next.reply };
}

function hold(held: Held, args: Record<string, string>): Pause {
  return new Pause({ node: "session", tool: held.tool, args, summary: summarise(held.tool, args), heldBy: HELD_BY, state: held });
}

// region session
/** Asides get an answer and leave the request as it was; what the club cannot offer is said before any check. */
async function respond(ctx: RunContext<SlotFilling>, parsed: Extraction): Promise<Step | Pause> {
  const aside = answerAside(parsed, ctx.input);
  if (aside && parsed.doubt) {
    // The request stays, less the detail in doubt: the member's answer fills it in.
    decide(ctx, "session", "code", aside.why);
    return { state: { ...merge({ ...EMPTY, ...ctx.state }, parsed), time: null, awaiting: "time" }, reply: aside.reply };
  }
  if (aside) {
    decide(ctx, "session", "code", aside.why);
    return { state: ctx.state, reply: aside.reply };
  }
  // A conversation stored before a field existed reads it as empty.
  const s = merge({ ...EMPTY, ...ctx.state }, parsed);
  const impossible = impossibility(parsed);
  if (impossible) {
    decide(ctx, "session", "code", impossible.why);
    return {
      state: { ...s, [impossible.ask]: null, preferences: impossible.ask === "court" ? [] : s.preferences, awaiting: impossible.ask },
      reply: impossible.reply,
    };
  }
  return advance(ctx, s);
}

/**
 * Earlier answers stay; a new value replaces an old one; a fresh request with a new date starts over.
 * An answer to our own question ("3pm") keeps the request it answers: it may upgrade a check to a
 * booking, never downgrade a booking to a check.
 */
function merge(state: SlotFilling, p: Extraction): SlotFilling {
  // A detail said without a request ("court b") asks about it: the detail is kept, never dropped.
  const details = p.date !== null || p.time !== null || p.time_range !== null || p.court !== null || p.preferences.length > 0;
  const said =
    p.intent === "book" || p.intent === "check" || p.intent === "mine" || p.intent === "cancel" ? p.intent : details ? "check" : null;
  const intent = state.awaiting && state.intent ? answered(state.intent, said) : (said ?? state.intent);
  // Asking about one's own bookings, or going back to free courts, is a new request: nothing carries over.
  const restart =
    (p.date !== null && p.date !== state.date && (state.awaiting === null || state.awaiting === "offer")) ||
    ownBookings(intent) !== ownBookings(state.intent);
  const base = restart ? EMPTY : state;
  const preferences = [...new Set([...base.preferences, ...p.preferences])];
  // A time replaces a range and a range a time: whichever the member said last.
  const time = p.time ?? (p.time_range ? null : base.time);
  const range = p.time ? null : (p.time_range ?? base.range);
  return {
    ...base,
    intent,
    date: p.date ?? base.date,
    time,
    range,
    court: p.court ?? base.court,
    booking_id: p.booking_id ?? base.booking_id,
    moves: p.moves,
    preferences,
    also: p.also.length ? p.also : base.also,
  };
}

function ownBookings(intent: Intent | null): boolean {
  return intent === "mine" || intent === "cancel";
}

/** The request an answer to our question continues: a check may become a booking, a booking never a check. */
function answered(asked: Intent, said: Intent | null): Intent {
  // "the one on Friday" answers "which one should I cancel?": only asking to book or to list changes course.
  if (said && ownBookings(said) !== ownBookings(asked) && !(said === "check" && asked === "cancel")) return said;
  return asked === "check" && said === "book" ? "book" : asked;
}

/** Code decides every next step from the filled slots. */
async function advance(ctx: RunContext<SlotFilling>, s: SlotFilling): Promise<Step | Pause> {
  const ask = (awaiting: Awaiting, reply: string) => {
    decide(ctx, "session", "code", `ask for ${awaiting}`);
    return { state: { ...s, awaiting }, reply };
  };
  if (!s.intent) {
    decide(ctx, "session", "code", "no booking request: explain");
    return {
      state: EMPTY,
      reply: 'I can check free courts and book one for you. Try "Book a court tomorrow at 3pm" or "What\'s free on Friday?"',
    };
  }
  if (s.intent === "mine" || s.intent === "cancel") return ownBooking(ctx, s);
  if (!s.date) return ask("date", "Which day would you like to play?");
  if (s.intent === "book" && !s.time && !s.range && !s.preferences.some((p) => p === "earliest" || p === "latest"))
    return ask("time", `What time ${describeDate(s.date)}?`);

  decide(ctx, "session", "code", `check availability for ${s.date}${s.time ? ` ${s.time}` : ""}`);
  const checked = await callTool(ctx, "check_availability", { date: s.date, time: s.time }, `${ctx.runId}-check`);
  if (!checked.ok) {
    decide(ctx, "session", "code", `refuse: ${checked.error.code}`);
    return { state: { ...s, time: null, awaiting: "time" }, reply: `${refusal(checked.error)} Which other time would suit you?` };
  }
  const free = checked.result.free_slots;
  if (s.intent === "check") {
    decide(ctx, "session", "code", "availability only: answer, book nothing");
    return { state: { ...s, awaiting: "offer" }, reply: freeReply(s.date, free, s) };
  }
  const then = inRange(free, s);
  if (then.length === 0) return ask("time", `${freeReply(s.date, free, s)} Which other time would suit you?`);

  const wanted = bestSlot(free, s);
  if (!wanted) {
    const what = s.court ? `Court ${s.court} is taken` : `No ${s.preferences.join(" ")} court is free`;
    return ask(
      "court",
      `${what} ${s.time ? `at ${s.time}` : "then"}. ${joinWords([...new Set(then.map((f) => f.court))])} ${new Set(then.map((f) => f.court)).size === 1 ? "is" : "are"} free — which one?`,
    );
  }

  decide(ctx, "session", "code", s.court ? `book ${wanted.slot_id}` : `no court named: book the first free that fits, ${wanted.slot_id}`);
  if (needsApproval(ctx, "book_slot")) return hold({ tool: "book_slot", slot: wanted, filling: s }, { slot_id: wanted.slot_id });
  return book(ctx, wanted, s);
}

async function book(ctx: RunContext<SlotFilling>, wanted: Slot, s: SlotFilling, decision?: Decision): Promise<Step> {
  if (decision && !decision.approved) {
    decide(ctx, "session", "code", `declined (${decision.reason ?? "by the member"}): book nothing`);
    return { state: EMPTY, reply: declinedReply(decision, "book_slot", summarise("book_slot", { slot_id: wanted.slot_id })) };
  }
  const booked = await callTool(ctx, "book_slot", { slot_id: wanted.slot_id }, `${ctx.runId}-book`);
  if (!booked.ok) {
    decide(ctx, "session", "code", `refuse: ${booked.error.code}`);
    return { state: EMPTY, reply: `I could not book it: ${refusal(booked.error)}` };
  }
  const reply = confirmBooking(booked.result.booked) + (s.moves ? await release(ctx, s.moves) : "") + notBookedYet(s.also, wanted.date);
  const [next, ...later] = s.also;
  // The next of several bookings asked for at once waits for the member's yes.
  return {
    state: next ? { ...EMPTY, intent: "check", date: next.date ?? wanted.date, time: next.time, also: later, awaiting: "offer" } : EMPTY,
    reply,
  };
}

/** A change of a booking just made: with the new one booked, code lets the old one go, the one that matches exactly. */
async function release(ctx: RunContext<SlotFilling>, old: NonNullable<SlotFilling["moves"]>): Promise<string> {
  decide(ctx, "session", "code", "the member changed the booking just made: cancel the one it replaces");
  const listed = await callTool(ctx, "my_bookings", {}, `${ctx.runId}-mine`);
  const fits = listed.ok ? bookingsMatching(listed.result.bookings, old) : [];
  // With approvals on, a cancellation waits for its own decision: the member asks for it in a turn of its own.
  if (fits.length !== 1 || needsApproval(ctx, "cancel_booking"))
    return ` Your earlier booking is still yours: say "cancel" and which one if you no longer want it.`;
  const cancelled = await callTool(ctx, "cancel_booking", { booking_id: fits[0].booking_id }, `${ctx.runId}-cancel`);
  return cancelled.ok
    ? ` ${cancelledReply(cancelled.result.cancelled)}`
    : ` I could not cancel your earlier booking: ${cancelled.error.message}`;
}

/** Lists the member's bookings, or cancels the one they described; code resolves which, and asks when several fit. */
async function ownBooking(ctx: RunContext<SlotFilling>, s: SlotFilling): Promise<Step | Pause> {
  decide(ctx, "session", "code", s.intent === "mine" ? "list the member's bookings" : "find the booking to cancel among the member's own");
  const listed = await callTool(ctx, "my_bookings", {}, `${ctx.runId}-mine`);
  if (!listed.ok) return { state: EMPTY, reply: listed.error.message };
  const bookings = listed.result.bookings;
  if (s.intent === "mine") return { state: EMPTY, reply: listReply(bookings, s) };
  const fits = bookingsMatching(bookings, s);
  if (fits.length !== 1) {
    decide(ctx, "session", "code", fits.length ? `${fits.length} bookings fit: ask which` : "no booking fits: cancel nothing");
    return fits.length
      ? { state: { ...s, awaiting: "booking" }, reply: whichOneQuestion(fits) }
      : { state: EMPTY, reply: noneToCancelReply(bookings) };
  }
  decide(ctx, "session", "code", `cancel the member's booking ${fits[0].booking_id}`);
  if (needsApproval(ctx, "cancel_booking")) return hold({ tool: "cancel_booking", booking: fits[0] }, { booking_id: fits[0].booking_id });
  return cancelOne(ctx, fits[0]);
}

async function cancelOne(ctx: RunContext<SlotFilling>, booking: Booking, decision?: Decision): Promise<Step> {
  if (decision && !decision.approved) {
    decide(ctx, "session", "code", `declined (${decision.reason ?? "by the member"}): cancel nothing`);
    return {
      state: EMPTY,
      reply: declinedReply(decision, "cancel_booking", summarise("cancel_booking", { booking_id: booking.booking_id })),
    };
  }
  const cancelled = await callTool(ctx, "cancel_booking", { booking_id: booking.booking_id }, `${ctx.runId}-cancel`);
  if (!cancelled.ok) decide(ctx, "session", "code", `refuse: ${cancelled.error.code}`);
  return {
    state: EMPTY,
    reply: cancelled.ok ? cancelledReply(cancelled.result.cancelled) : `I could not cancel it: ${cancelled.error.message}`,
  };
}

// endregion session
