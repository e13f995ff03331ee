/**
 * C — Workflow across independent services. The same fixed steps as B, but each step is its own
 * deployable service reached over HTTP (parse, availability, booking), so steps scale, fail and
 * ship independently. Code still decides the order. Use it when teams or scaling needs split a
 * known process across processes.
 */
import { z } from "zod";
import type { Slot } from "@/lib/domain/slots";
import { callService } from "@/lib/services/client";
import type { Booking } from "@/lib/domain/bookings";
import { declinedReply, isPause, needsApproval, Pause, summarise, type Decision } from "../kit/approval";
import { decide, reply, step, type Pattern, type RunContext } from "../kit/context";
import type { Extraction } from "../kit/extract";
import { bookingsMatching, cancelledReply, listReply, noneToCancelReply, whichOneQuestion } from "../kit/own-bookings";
import { confirmBooking, refusal } from "../kit/replies";
import { answerAside, bestSlot, fitting, freeReply, impossibility, inRange, notBookedYet, unfitReply, type Answer } from "../kit/requests";
import { graph } from "../graph";
import { AVAILABILITY, BOOKING, PARSE } from "./contracts";

const Turn = z.object({ role: z.enum(["user", "assistant"]), text: z.string() });
type Turn = z.infer<typeof Turn>;
const Conversation = z.object({ history: z.array(Turn) });
type Conversation = z.infer<typeof Conversation>;
const KEEP_TURNS = 12;
/** Longer turns are clipped for the parse hop: the request fits in its first lines, and service bodies are capped. */
const MAX_TEXT = 600;

export const patternC: Pattern<Conversation> = {
  id: "C",
  name: "Workflow (services)",
  style: "Workflow, independent services",
  runtime: "services",
  decides: "A fixed orchestrator calls services in order",
  decider: "code",
  vendors: { "parse-llm": "openai", "availability-llm": "anthropic", "booking-llm": "bedrock" },
  sources: ["lib/patterns/c/orchestrator.ts", "lib/patterns/c/parse.ts", "lib/patterns/c/availability.ts", "lib/patterns/c/booking.ts"],
  graph: graph({
    nodes: [
      { id: "user", kind: "user", label: "Member", at: [0, 1] },
      { id: "orchestrator", kind: "code", label: "Orchestrator", at: [1, 1], detail: "fixed order" },
      { id: "parse", kind: "service", label: "parse", at: [2.4, 0], group: "svc-parse" },
      { id: "parse-llm", kind: "llm", label: "Parse LLM", at: [3.4, 0], group: "svc-parse" },
      { id: "availability", kind: "service", label: "availability", at: [2.4, 1.3], group: "svc-availability" },
      { id: "availability-llm", kind: "llm", label: "Availability LLM", at: [3.4, 1.3], group: "svc-availability" },
      { id: "check", kind: "tool", label: "check_availability", at: [4.4, 1.3], group: "svc-availability" },
      { id: "booking", kind: "service", label: "booking", at: [2.4, 2.6], group: "svc-booking" },
      { id: "booking-llm", kind: "llm", label: "Booking LLM", at: [3.4, 2.6], group: "svc-booking" },
      { id: "book", kind: "tool", label: "book_slot", at: [4.4, 2.6], group: "svc-booking" },
      { id: "mine", kind: "tool", label: "my_bookings", at: [5.4, 2.6], group: "svc-booking" },
      { id: "cancel", kind: "tool", label: "cancel_booking", at: [6.4, 2.6], group: "svc-booking" },
      { id: "db", kind: "db", label: "Bookings DB", at: [5.4, 1.3] },
    ],
    edges: [
      { from: "user", to: "orchestrator" },
      { from: "orchestrator", to: "parse", label: "HTTP" },
      { from: "parse", to: "parse-llm" },
      { from: "orchestrator", to: "availability", label: "HTTP" },
      { from: "availability", to: "availability-llm" },
      { from: "availability", to: "check" },
      { from: "orchestrator", to: "booking", label: "HTTP" },
      { from: "booking", to: "booking-llm" },
      { from: "booking", to: "book" },
      { from: "booking", to: "mine" },
      { from: "booking", to: "cancel" },
      { from: "check", to: "db" },
      { from: "book", to: "db" },
      { from: "mine", to: "db" },
      { from: "cancel", to: "db" },
      { from: "orchestrator", to: "user", label: "reply" },
    ],
    groups: [
      { id: "svc-parse", label: "parse service", kind: "service" },
      { id: "svc-availability", label: "availability service", kind: "service" },
      { id: "svc-booking", label: "booking service", kind: "service" },
    ],
  }),
  stateSchema: Conversation,
  initialState: () => ({ history: [] }),

  // region orchestrator
  async run(ctx) {
    const history: Turn[] = [...ctx.state.history, { role: "user", text: ctx.input }];
    return step(ctx, "orchestrator", async () => answer(ctx, history, await orchestrate(ctx, history)), { label: "message" });
  },

  // The orchestrator stopped before its hop to the booking service; it makes that hop now, as the member decided.
  async resume(ctx, held, decision) {
    const h = held as Held;
    return step(ctx, "orchestrator", async () =>
      answer(ctx, h.history, h.step === "book" ? await book(ctx, h.booking, h.also, decision) : await cancelOne(ctx, h.cancel, decision)),
    );
  },
  // endregion orchestrator
};

type BookingTask = { date: string; time: string; court: string | null; preferences: string[]; free_slots: Slot[] };
/** Where the orchestrator stopped for the member's approval: the booking service call it was about to make. */
type Held = { history: Turn[] } & ({ step: "book"; booking: BookingTask; also: Extraction["also"] } | { step: "cancel"; cancel: Booking });
const HELD_BY = "the orchestrator's state (the next service call and its request), a row in the database";

function answer(ctx: RunContext<Conversation>, history: Turn[], text: string | Pause): Conversation | Pause {
  if (isPause(text)) return text;
  reply(ctx, text);
  return { history: [...history, { role: "assistant" as const, text }].slice(-KEEP_TURNS) };
}

/** The booking service picks the slot itself, so the member approves the request it will get. */
function bookingSummary(task: BookingTask): string {
  return `Book ${task.court ? `Court ${task.court}` : "a court"} on ${task.date} at ${task.time}`;
}

/** The fixed order, in code: each step is a hop to a service, each branch a code decision. */
async function orchestrate(ctx: RunContext<Conversation>, history: Turn[]): Promise<string | Pause> {
  // region parse
  const request = await callService(ctx, PARSE, {
    messages: history.map((m) => ({ ...m, text: m.text.slice(0, MAX_TEXT) })),
  });
  if (request.intent === "mine" || request.intent === "cancel") return ownBookings(ctx, request, history);
  const stop = answerAside(request, ctx.input) ?? impossibility(request) ?? missing(request);
  decide(ctx, "orchestrator", "code", stop ? `stop: ${stop.why}` : "complete: continue to availability");
  if (stop) return stop.reply;
  // endregion parse
  // region availability
  const checked = await callService(ctx, AVAILABILITY, { date: request.date!, time: request.time, court: request.court });
  if ("refused" in checked) {
    decide(ctx, "orchestrator", "code", `refused (${checked.refused.code}): explain`);
    return refusal(checked.refused);
  }
  const wish = { ...request, range: request.time_range };
  const answer = noBooking(request, checked.free_slots);
  // Within a range code picks the hour; the booking service picks the court among that hour's fitting slots.
  const hour = request.time ?? bestSlot(checked.free_slots, wish)?.time;
  decide(
    ctx,
    "orchestrator",
    "code",
    answer || !hour ? "end after availability" : `${checked.free_slots.length} free: continue to booking at ${hour}`,
  );
  if (answer || !hour) return answer ?? freeReply(request.date!, checked.free_slots, wish);
  // endregion availability
  const offered = fitting(
    checked.free_slots.filter((s) => s.time === hour),
    request,
  );
  const task: BookingTask = {
    date: request.date!,
    time: hour,
    court: request.court,
    preferences: request.preferences,
    free_slots: offered,
  };
  if (needsApproval(ctx, "book_slot")) {
    decide(ctx, "orchestrator", "code", "approval mode: stop before the booking service until the member decides");
    const { free_slots: _offered, ...args } = task;
    return new Pause({
      node: "orchestrator",
      tool: "book_slot",
      args,
      summary: bookingSummary(task),
      heldBy: HELD_BY,
      state: { history, step: "book", booking: task, also: request.also } satisfies Held,
    });
  }
  return book(ctx, task, request.also);
}

async function book(ctx: RunContext<Conversation>, task: BookingTask, also: Extraction["also"], decision?: Decision): Promise<string> {
  if (decision && !decision.approved) {
    decide(ctx, "orchestrator", "code", `declined (${decision.reason ?? "by the member"}): skip the booking service`);
    return declinedReply(decision, "book_slot", bookingSummary(task));
  }
  // region booking
  const result = await callService(ctx, BOOKING, task);
  const failed =
    "booked" in result
      ? null
      : "refused" in result
        ? result.refused
        : { code: "service_unavailable", message: "the booking service answered with something other than a booking." };
  decide(ctx, "orchestrator", "code", failed ? `explain refusal (${failed.code})` : "confirm");
  return "booked" in result ? confirmBooking(result.booked) + notBookedYet(also, task.date) : `I could not book it: ${refusal(failed!)}`;
  // endregion booking
}

/**
 * The member's own bookings: the booking service lists them, code here resolves which one the member
 * means (asking when several fit), and only then does the booking service cancel that one.
 */
async function ownBookings(ctx: RunContext<Conversation>, request: Extraction, history: Turn[]): Promise<string | Pause> {
  decide(
    ctx,
    "orchestrator",
    "code",
    request.intent === "mine" ? "list the member's bookings" : "find the booking to cancel among the member's own",
  );
  const listed = await callService(ctx, BOOKING, { action: "list" });
  if (!("bookings" in listed)) return "refused" in listed ? listed.refused.message : "The booking service did not list your bookings.";
  if (request.intent === "mine") return listReply(listed.bookings, request);
  const fits = bookingsMatching(listed.bookings, request);
  if (fits.length !== 1) {
    decide(ctx, "orchestrator", "code", fits.length ? `${fits.length} bookings fit: ask which` : "no booking fits: cancel nothing");
    return fits.length ? whichOneQuestion(fits) : noneToCancelReply(listed.bookings);
  }
  decide(ctx, "orchestrator", "code", `cancel the member's booking ${fits[0].booking_id}`);
  if (needsApproval(ctx, "cancel_booking")) {
    const args = { booking_id: fits[0].booking_id };
    return new Pause({
      node: "orchestrator",
      tool: "cancel_booking",
      args,
      summary: summarise("cancel_booking", args),
      heldBy: HELD_BY,
      state: { history, step: "cancel", cancel: fits[0] } satisfies Held,
    });
  }
  return cancelOne(ctx, fits[0]);
}

async function cancelOne(ctx: RunContext<Conversation>, booking: Booking, decision?: Decision): Promise<string> {
  if (decision && !decision.approved) {
    decide(ctx, "orchestrator", "code", `declined (${decision.reason ?? "by the member"}): cancel nothing`);
    return declinedReply(decision, "cancel_booking", summarise("cancel_booking", { booking_id: booking.booking_id }));
  }
  const result = await callService(ctx, BOOKING, { action: "cancel", booking_id: booking.booking_id });
  if ("cancelled" in result) return cancelledReply(result.cancelled);
  return `I could not cancel it: ${"refused" in result ? result.refused.message : "the booking service did not confirm it"}`;
}

/** What the orchestrator must still ask before any service looks at the schedule. */
function missing(r: Extraction): Answer | null {
  if (!r.date)
    return r.intent === "other"
      ? { reply: 'I check free courts and book them, e.g. "Book a court tomorrow at 3pm".', why: "no booking request" }
      : { reply: "Which day would you like to play?", why: "ask: day" };
  const anyHour = r.time_range || r.preferences.some((p) => p === "earliest" || p === "latest");
  return r.intent === "book" && !r.time && !anyHour ? { reply: "At what time would you like to play?", why: "ask: time" } : null;
}

/** The answer when the booking service is not needed: only asking, nothing free, or nothing free on the court or kind asked for. */
function noBooking(r: Extraction, free: Slot[]): string | null {
  const wish = { ...r, range: r.time_range };
  const options = freeReply(r.date!, free, wish);
  const then = inRange(free, wish);
  if (r.intent !== "book") return options;
  if (!then.length) return `${options} Try another time or day.`;
  if (fitting(then, r).length) return null;
  return unfitReply(r.date!, free, wish);
}
