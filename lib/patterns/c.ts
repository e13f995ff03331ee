/**
 * C — Workflow across independent services. The same fixed steps as B, but each step is its own
 * deployable service reached over HTTP (parse, availability, booking), so steps scale, fail and
 * ship independently. Code still decides the order. Use it when teams or scaling needs split a
 * known process across processes.
 */
import type { Slot } from "@/lib/domain/slots";
import { callService } from "@/lib/services/client";
import { decide, edge, say, step, type Pattern, type RunContext } from "./kit/context";
import type { Extraction } from "./kit/extract";
import { bookingsMatching, cancelledReply, listReply, noneToCancelReply, whichOneQuestion } from "./kit/own-bookings";
import { confirmBooking, listOptions, refusal } from "./kit/replies";
import { graph } from "./graph";

type Turn = { role: "user" | "assistant"; text: string };
type Conversation = { history: Turn[] };
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
  source: "lib/patterns/c.ts",
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
    groups: [{ id: "svc-parse", label: "parse service", kind: "service" }, { id: "svc-availability", label: "availability service", kind: "service" }, { id: "svc-booking", label: "booking service", kind: "service" }],
  }),
  initialState: () => ({ history: [] }),

  // region orchestrator
  async run(ctx) {
    const history: Turn[] = [...ctx.state.history, { role: "user", text: ctx.input }];
    edge(ctx, "user", "orchestrator", "message");
    const reply = await step(ctx, "orchestrator", () => orchestrate(ctx, history));
    edge(ctx, "orchestrator", "user", "reply");
    say(ctx, reply);
    return { history: [...history, { role: "assistant" as const, text: reply }].slice(-KEEP_TURNS) };
  },
  // endregion orchestrator
};

/** The fixed order, in code: each step is a hop to a service, each branch a code decision. */
async function orchestrate(ctx: RunContext<Conversation>, history: Turn[]): Promise<string> {
  // region parse
  const request = await callService(ctx, "orchestrator", "parse", { messages: history.map((m) => ({ ...m, text: m.text.slice(0, MAX_TEXT) })) });
  if (request.intent === "mine" || request.intent === "cancel") return ownBookings(ctx, request);
  const question = missing(request);
  decide(ctx, "orchestrator", "code", question ? `ask: ${question}` : "complete: continue to availability");
  if (question) return question;
  // endregion parse
  // region availability
  const checked = await callService(ctx, "orchestrator", "availability", { date: request.date!, time: request.time, court: request.court });
  if ("refused" in checked) {
    decide(ctx, "orchestrator", "code", `refused (${checked.refused.code}): explain`);
    return refusal(checked.refused);
  }
  const stop = noBooking(request, checked.free_slots);
  decide(ctx, "orchestrator", "code", stop ? "end after availability" : `${checked.free_slots.length} free: continue to booking`);
  if (stop) return stop;
  // endregion availability
  // region booking
  const result = await callService(ctx, "orchestrator", "booking", { date: request.date!, time: request.time!, court: request.court, preferences: request.preferences, free_slots: checked.free_slots });
  const failed = "booked" in result ? null : "refused" in result ? result.refused : { code: "service_unavailable", message: "the booking service answered with something other than a booking." };
  decide(ctx, "orchestrator", "code", failed ? `explain refusal (${failed.code})` : "confirm");
  return "booked" in result ? confirmBooking(result.booked) : `I could not book it: ${refusal(failed!)}`;
  // endregion booking
}

/**
 * The member's own bookings: the booking service lists them, code here resolves which one the member
 * means (asking when several fit), and only then does the booking service cancel that one.
 */
async function ownBookings(ctx: RunContext<Conversation>, request: Extraction): Promise<string> {
  decide(ctx, "orchestrator", "code", request.intent === "mine" ? "list the member's bookings" : "find the booking to cancel among the member's own");
  const listed = await callService(ctx, "orchestrator", "booking", { action: "list" });
  if (!("bookings" in listed)) return "refused" in listed ? listed.refused.message : "The booking service did not list your bookings.";
  if (request.intent === "mine") return listReply(listed.bookings, request);
  const fits = bookingsMatching(listed.bookings, request);
  if (fits.length !== 1) {
    decide(ctx, "orchestrator", "code", fits.length ? `${fits.length} bookings fit: ask which` : "no booking fits: cancel nothing");
    return fits.length ? whichOneQuestion(fits) : noneToCancelReply(listed.bookings);
  }
  decide(ctx, "orchestrator", "code", `cancel the member's booking ${fits[0].booking_id}`);
  const result = await callService(ctx, "orchestrator", "booking", { action: "cancel", booking_id: fits[0].booking_id });
  if ("cancelled" in result) return cancelledReply(result.cancelled);
  return `I could not cancel it: ${"refused" in result ? result.refused.message : "the booking service did not confirm it"}`;
}

/** What the orchestrator must still ask before any service looks at the schedule. */
function missing(r: Extraction): string | null {
  if (!r.date) return r.intent === "other" ? "I check free courts and book them, e.g. \"Book a court tomorrow at 3pm\"." : "Which day would you like to play?";
  return r.intent === "book" && !r.time ? "At what time would you like to play?" : null;
}

/** The answer when the booking service is not needed: only asking, nothing free, or the named court taken. */
function noBooking(r: Extraction, free: Slot[]): string | null {
  const options = listOptions(r.date!, free, r.time);
  if (r.intent !== "book") return options;
  if (!free.length) return `${options} Try another time or day.`;
  return r.court && !free.some((s) => s.court === `Court ${r.court}`) ? `Court ${r.court} is not free then. ${options}` : null;
}
