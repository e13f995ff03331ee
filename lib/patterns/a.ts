/**
 * A — AI as a service. Full control: your code owns the conversation as a slot-filling state
 * machine and calls the LLM for one thing only, turning a message into JSON. Code decides what to
 * ask, when to check and when to book. Use it when the process is fixed and auditable and the AI
 * only needs to understand free text.
 */
import { describeDate } from "@/lib/domain/clock";
import type { Booking } from "@/lib/domain/bookings";
import type { Slot } from "@/lib/domain/slots";
import { callTool, decide, edge, say, step, vendorOf, type Pattern, type RunContext } from "./kit/context";
import { extractRequest, type Extraction } from "./kit/extract";
import { graph } from "./graph";
import { bookingsMatching, cancelledReply, listReply, noneToCancelReply, whichOneQuestion } from "./kit/own-bookings";
import { confirmBooking, joinWords, listOptions, refusal } from "./kit/replies";

type Awaiting = "date" | "time" | "court" | "booking" | null;
type Intent = "book" | "check" | "mine" | "cancel";
type SlotFilling = { intent: Intent | null; date: string | null; time: string | null; court: string | null; preferences: string[]; awaiting: Awaiting; lastQuestion: string | null };

const EMPTY: SlotFilling = { intent: null, date: null, time: null, court: null, preferences: [], awaiting: null, lastQuestion: null };

export const patternA: Pattern<SlotFilling> = {
  id: "A",
  name: "AI as service",
  style: "AI as a service",
  runtime: "shared",
  decides: "Your code; the LLM only parses text to JSON",
  decider: "code",
  vendors: { "parse-llm": "openai" },
  vendorChoices: { "parse-llm": ["openai", "anthropic", "bedrock"] },
  source: "lib/patterns/a.ts",
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
  initialState: () => EMPTY,

  // region handler
  async run(ctx) {
    edge(ctx, "user", "handler", "message");
    return step(ctx, "handler", async () => {
      edge(ctx, "handler", "parse-llm");
      const parsed = await step(ctx, "parse-llm", () => extractRequest(ctx, "parse-llm", vendorOf(ctx, "parse-llm"), [
        ...(ctx.state.lastQuestion ? [{ role: "assistant" as const, text: ctx.state.lastQuestion }] : []),
        { role: "user" as const, text: ctx.input },
      ]));
      edge(ctx, "parse-llm", "handler", "JSON");
      edge(ctx, "handler", "session");
      const { state, reply } = await step(ctx, "session", () => advance(ctx, merge(ctx.state, parsed)));
      edge(ctx, "handler", "user", "reply");
      say(ctx, reply);
      return { ...state, lastQuestion: state.awaiting ? reply : null };
    });
  },
  // endregion handler
};

// region session
/**
 * Earlier answers stay; a new value replaces an old one; a fresh request with a new date starts over.
 * An answer to our own question ("3pm") keeps the request it answers: it may upgrade a check to a
 * booking, never downgrade a booking to a check.
 */
function merge(state: SlotFilling, p: Extraction): SlotFilling {
  const said = p.intent === "other" ? null : p.intent;
  const intent = state.awaiting && state.intent ? answered(state.intent, said) : (said ?? state.intent);
  // Asking about one's own bookings, or going back to free courts, is a new request: nothing carries over.
  const restart = (p.date !== null && p.date !== state.date && state.awaiting === null) || ownBookings(intent) !== ownBookings(state.intent);
  const base = restart ? EMPTY : state;
  const preferences = [...new Set([...base.preferences, ...p.preferences])];
  return { ...base, intent, date: p.date ?? base.date, time: p.time ?? base.time, court: p.court ?? base.court, preferences };
}

function ownBookings(intent: Intent | null): boolean {
  return intent === "mine" || intent === "cancel";
}

/** The request an answer to our question continues: a check may become a booking, a booking never a check. */
function answered(asked: Intent, said: Intent | null): Intent {
  if (said && ownBookings(said) !== ownBookings(asked)) return said;
  return asked === "check" && said === "book" ? "book" : asked;
}

/** Code decides every next step from the filled slots. */
async function advance(ctx: RunContext<SlotFilling>, s: SlotFilling): Promise<{ state: SlotFilling; reply: string }> {
  const ask = (awaiting: Awaiting, reply: string) => {
    decide(ctx, "session", "code", `ask for ${awaiting}`);
    return { state: { ...s, awaiting }, reply };
  };
  if (!s.intent) {
    decide(ctx, "session", "code", "no booking request: explain");
    return { state: EMPTY, reply: "I can check free courts and book one for you. Try \"Book a court tomorrow at 3pm\" or \"What's free on Friday?\"" };
  }
  if (s.intent === "mine" || s.intent === "cancel") return ownBooking(ctx, s);
  if (!s.date) return ask("date", "Which day would you like to play?");
  if (s.intent === "book" && !s.time) return ask("time", `What time ${describeDate(s.date)}?`);

  decide(ctx, "session", "code", `check availability for ${s.date}${s.time ? ` ${s.time}` : ""}`);
  const checked = await callTool(ctx, "session", "check_availability", { date: s.date, time: s.time }, `${ctx.runId}-check`);
  if (!checked.ok) {
    decide(ctx, "session", "code", `refuse: ${checked.error.code}`);
    return { state: { ...s, time: null, awaiting: "time" }, reply: `${refusal(checked.error)} Which other time would suit you?` };
  }
  const free = (checked.result as { free_slots: Slot[] }).free_slots;
  if (s.intent === "check") {
    decide(ctx, "session", "code", "availability only: answer, book nothing");
    return { state: { ...EMPTY, date: s.date }, reply: listOptions(s.date, free, s.time) };
  }
  if (free.length === 0) return ask("time", `${listOptions(s.date, free, s.time)} Which other time would suit you?`);

  const wanted = s.court ? free.find((slot) => slot.court === `Court ${s.court}`) : preferred(free, s.preferences);
  if (!wanted) {
    return ask("court", `Court ${s.court} is taken at ${s.time}. ${joinWords(free.map((f) => f.court))} ${free.length === 1 ? "is" : "are"} free — which one?`);
  }

  decide(ctx, "session", "code", s.court ? `book ${wanted.slot_id}` : `no court named: book the first free that fits, ${wanted.slot_id}`);
  const booked = await callTool(ctx, "session", "book_slot", { slot_id: wanted.slot_id }, `${ctx.runId}-book`);
  if (!booked.ok) {
    decide(ctx, "session", "code", `refuse: ${booked.error.code}`);
    return { state: EMPTY, reply: `I could not book it: ${refusal(booked.error)}` };
  }
  return { state: EMPTY, reply: confirmBooking((booked.result as { booked: Parameters<typeof confirmBooking>[0] }).booked) };
}

/** Lists the member's bookings, or cancels the one they described; code resolves which, and asks when several fit. */
async function ownBooking(ctx: RunContext<SlotFilling>, s: SlotFilling): Promise<{ state: SlotFilling; reply: string }> {
  decide(ctx, "session", "code", s.intent === "mine" ? "list the member's bookings" : "find the booking to cancel among the member's own");
  const listed = await callTool(ctx, "session", "my_bookings", {}, `${ctx.runId}-mine`);
  if (!listed.ok) return { state: EMPTY, reply: listed.error.message };
  const bookings = (listed.result as { bookings: Booking[] }).bookings;
  if (s.intent === "mine") return { state: EMPTY, reply: listReply(bookings, s) };
  const fits = bookingsMatching(bookings, s);
  if (fits.length !== 1) {
    decide(ctx, "session", "code", fits.length ? `${fits.length} bookings fit: ask which` : "no booking fits: cancel nothing");
    return fits.length ? { state: { ...s, awaiting: "booking" }, reply: whichOneQuestion(fits) } : { state: EMPTY, reply: noneToCancelReply(bookings) };
  }
  decide(ctx, "session", "code", `cancel the member's booking ${fits[0].booking_id}`);
  const cancelled = await callTool(ctx, "session", "cancel_booking", { booking_id: fits[0].booking_id }, `${ctx.runId}-cancel`);
  if (!cancelled.ok) decide(ctx, "session", "code", `refuse: ${cancelled.error.code}`);
  return { state: EMPTY, reply: cancelled.ok ? cancelledReply((cancelled.result as { cancelled: Booking }).cancelled) : `I could not cancel it: ${cancelled.error.message}` };
}

/** The first free slot meeting every stated surface/roof preference, else simply the first free one. */
function preferred(free: Slot[], preferences: string[]): Slot {
  const fits = (slot: Slot, p: string) =>
    p === "indoor" ? slot.indoor : p === "outdoor" ? !slot.indoor : p === "clay" || p === "hard" ? slot.surface === p : true;
  return free.find((slot) => preferences.every((p) => fits(slot, p))) ?? free[0];
}
// endregion session
