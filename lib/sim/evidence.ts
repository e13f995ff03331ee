import { learnFromSlot, type Knowledge } from "./knowledge";
import { SLOT_ID_PATTERN } from "./understand";

/** What a tool result (or data pasted into a prompt) tells the model, whatever its format. */
export type SlotRef = { slot_id: string; court: string; date: string; time: string };
/** One of the member's bookings as a tool listed it; the id is only ever one a tool returned. */
export type BookingRef = SlotRef & { booking_id: string };

export type Outcome =
  | { kind: "slots"; slots: SlotRef[] }
  | { kind: "booked"; slot?: SlotRef; bookingId?: string }
  | { kind: "failed"; code?: string; message: string; slot?: SlotRef }
  | { kind: "bookings"; bookings: BookingRef[] }
  | { kind: "cancelled"; booking?: SlotRef }
  | { kind: "handoff" };

export type ToolRole = "availability" | "booking" | "mine" | "cancel" | "other";

const ERROR_WORDS = /\b(?:error|failed|could not|couldn't|cannot|can't|unable|already booked|not available|not allowed|refused)\b/i;
const BOOKED_WORDS = /\b(?:booked|confirmed|booking_id|booking id)\b/i;
/** Tool results are read up to this length; a day's slots on four courts fit many times over. */
const MAX_RESULT = 40_000;

export function slotRefs(text: string): SlotRef[] {
  const seen = new Map<string, SlotRef>();
  for (const m of text.slice(0, MAX_RESULT).matchAll(SLOT_ID_PATTERN)) {
    seen.set(m[0], { slot_id: m[0], date: m[1], court: m[2], time: `${m[3]}:${m[4]}` });
  }
  return [...seen.values()];
}

/**
 * What a tool is for, judged by its name first (names are the strongest signal) and then its
 * description: listing the member's bookings, cancelling one, checking availability, booking.
 */
export function toolRole(name: string, description = ""): ToolRole {
  const n = name.toLowerCase();
  const d = description.toLowerCase().slice(0, 500);
  if (/cancel|unbook|delete|remove/.test(n)) return "cancel";
  if (/^(?:my|list|get|show|upcoming|member)_?(?:bookings?|reservations?)$|(?:my|list|upcoming)_?bookings?/.test(n)) return "mine";
  if (/book|reserv/.test(n)) return "booking";
  if (/avail|free|check|search|find|schedule|slot|lookup/.test(n)) return "availability";
  if (/\bcancel/.test(d)) return "cancel";
  if (/\b(?:member's|user's|your|own|my)\b[^.]{0,30}\bbookings\b|\blists?\b[^.]{0,30}\bbookings\b/.test(d)) return "mine";
  const availability = d.match(/availab|free|open slots?|check/g)?.length ?? 0;
  const booking = d.match(/\bbook|reserv/g)?.length ?? 0;
  if (!availability && !booking) return "other";
  if (availability !== booking) return availability > booking ? "availability" : "booking";
  return d.search(/availab|free|check/) < d.search(/\bbook|reserv/) ? "availability" : "booking";
}

/**
 * Every role a tool serves: its own, and for an agent offered as a tool (it takes its task in
 * words) the member's-bookings work its description says it also does ("lists the member's bookings,
 * and cancels one of them").
 */
export function toolRoles(name: string, description = "", takesTask = false): ToolRole[] {
  const own = toolRole(name, description);
  if (!takesTask) return [own];
  const d = description.toLowerCase().slice(0, 500);
  const more: ToolRole[] = [];
  if (own !== "mine" && /\blists?\b[^.]{0,30}\bbookings\b|\b(?:member's|user's|own)\b[^.]{0,20}\bbookings\b/.test(d)) more.push("mine");
  if (own !== "cancel" && /\bcancel/.test(d)) more.push("cancel");
  return [own, ...more];
}

export function isHandoff(name: string): boolean {
  return /^transfer_to_/.test(name);
}

/** Reads one tool result, given what kind of tool produced it; court features it mentions are learnt. */
export function readOutcome(role: ToolRole, raw: string, k?: Knowledge): Outcome {
  const content = raw.slice(0, MAX_RESULT);
  const json = parseJson(content);
  if (isRecord(json) && Object.keys(json).length === 1 && "assistant" in json) return { kind: "handoff" };
  if (k) for (const o of objects(json)) learnFromSlot(k, o);
  const slots = slotRefs(content);
  const failure = failureIn(json, content);
  if (
    role === "mine" ||
    (role === "other" &&
      /booking_id|booking id/i.test(content) &&
      !BOOKED_WORDS.test(content.replace(/booking_?id/gi, "")) &&
      slots.length > 1)
  ) {
    if (failure) return failure;
    return { kind: "bookings", bookings: bookingsIn(json, content) };
  }
  if (role === "cancel") {
    if (failure) return failure;
    return { kind: "cancelled", booking: slots[0] };
  }
  if (role === "booking" || (role === "other" && /booking_id/.test(content))) {
    if (failure) return { ...failure, slot: slots[0] };
    if (BOOKED_WORDS.test(content) || (isRecord(json) && json.booking_id)) {
      const bookingId = objects(json)
        .map((o) => o.booking_id)
        .find((v) => typeof v === "string") as string | undefined;
      return { kind: "booked", slot: slots[0], bookingId };
    }
    return { kind: "failed", message: content.slice(0, 200) };
  }
  if (failure && !slots.length) return failure;
  return { kind: "slots", slots };
}

/** Bookings with the ids the tool gave: from JSON objects that carry a booking_id, or "booking_id: x" beside a slot id in text. */
function bookingsIn(json: unknown, content: string): BookingRef[] {
  const found: BookingRef[] = [];
  for (const o of objects(json)) {
    if (typeof o.booking_id !== "string") continue;
    const slot = typeof o.slot_id === "string" ? slotRefs(o.slot_id)[0] : undefined;
    const court = typeof o.court === "string" ? (/([A-Z])$/.exec(o.court.trim())?.[1] ?? "") : (slot?.court ?? "");
    const date = typeof o.date === "string" ? o.date : (slot?.date ?? "");
    const time = typeof o.time === "string" ? o.time : (slot?.time ?? "");
    found.push({ booking_id: o.booking_id, slot_id: slot?.slot_id ?? `${date}_Court${court}_${time.replace(":", "")}`, court, date, time });
  }
  if (found.length || json !== undefined) return found;
  for (const line of content.split(/\n|;/)) {
    const id = /\bbooking[_ ]id[:=\s"]*([A-Za-z0-9_-]{4,})/i.exec(line)?.[1];
    const slot = slotRefs(line)[0];
    if (id && slot) found.push({ ...slot, booking_id: id });
  }
  return found;
}

/** Every object in a JSON value, depth first (bounded: tool results are small). */
function objects(value: unknown, depth = 0): Record<string, unknown>[] {
  if (depth > 4) return [];
  if (Array.isArray(value)) return value.flatMap((v) => objects(v, depth + 1));
  if (!isRecord(value)) return [];
  return [value, ...Object.values(value).flatMap((v) => (typeof v === "object" && v !== null ? objects(v, depth + 1) : []))];
}

function failureIn(json: unknown, content: string): Extract<Outcome, { kind: "failed" }> | null {
  if (isRecord(json)) {
    const error = isRecord(json.error)
      ? json.error
      : typeof json.error === "string"
        ? { message: json.error }
        : json.code && json.message
          ? json
          : null;
    if (!error) return null;
    const code = typeof error.code === "string" ? error.code : undefined;
    return { kind: "failed", code, message: String(error.message ?? code ?? "The tool failed.") };
  }
  if (json !== undefined) return null;
  if (!ERROR_WORDS.test(content)) return null;
  const code = [...content.matchAll(/\b([a-z]+(?:_[a-z]+)+)\b/g)]
    .map((m) => m[1])
    .find((c) => !/^(?:slot_id|booking_id|free_slots|duration_minutes)$/.test(c));
  return { kind: "failed", code, message: content.replace(/^.*?error:\s*/i, "").slice(0, 200) };
}

function parseJson(text: string): unknown {
  const trimmed = text.trim();
  if (!/^[[{]/.test(trimmed)) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
