import { isHandoff, isRecord, readOutcome, slotRefs, toolRole, toolRoles, type Outcome, type SlotRef, type ToolRole } from "./evidence";
import { chooseSlot, problem, type Replaced, type Request, type Situation } from "./judge";
import { learnFromSlot, readKnowledge, type Knowledge } from "./knowledge";
import { matching, readBack, reply } from "./reply";
import { MAX_MESSAGE, hhmm, understand, type Preference, type Utterance } from "./understand";
import type { Pick } from "./variation";

const PREFERENCES: Preference[] = ["indoor", "outdoor", "clay", "hard", "grass", "carpet", "earliest", "latest"];

/** The vendor-neutral conversation every wire adapter translates to. */
export type ToolSpec = { name: string; description?: string; parameters?: Record<string, unknown> };
type ToolCall = { id: string; name: string; args: Record<string, unknown> };
export type Turn =
  | { role: "user" | "assistant"; text: string }
  | { role: "assistant"; toolCalls: ToolCall[] }
  | { role: "tool"; callId: string; name?: string; content: string };
export type Conversation = { system?: string; messages: Turn[]; tools: ToolSpec[]; json?: { keys?: string[] } };

type Call = { name: string; args: Record<string, unknown> };
export type Decision =
  { kind: "text"; text: string } | { kind: "json"; value: Record<string, unknown> } | { kind: "tool_calls"; calls: Call[] };

/** Faults the brain itself plays out (the rest of the chaos knobs live at the wire), and `pick`, which chooses among equally valid slots (simulated variation; the first by default). */
export type BrainChaos = { hallucinatedSlot?: boolean; toolLoop?: boolean; pick?: Pick };

export const EXTRACTION_KEYS = ["intent", "date", "time", "court", "slot_id", "preferences"];
const SELECTION_KEYS = ["slot_id", "reason"];

/**
 * One model turn. Everything it knows comes from the conversation: today's date, the courts and
 * the hours from the prompt; free slots, bookings and refusals from tool results.
 */
export function decide(conv: Conversation, chaos: BrainChaos = {}): Decision {
  const situation = read(conv);
  const keys = jsonKeys(conv);
  if (keys) return { kind: "json", value: answerJson(keys, situation, conv, chaos) };
  if (conv.tools.length) {
    const calls = nextStep(conv.tools, situation, chaos);
    if (calls) return { kind: "tool_calls", calls };
  }
  return { kind: "text", text: reply(situation) };
}

function read(conv: Conversation): Situation {
  const k = readKnowledge(conv.system ?? "");
  const lastUser = conv.messages.findLastIndex((m) => m.role === "user");
  const specs = new Map(conv.tools.map((t) => [t.name, t]));
  const roles = new Set(conv.tools.flatMap(rolesOf));
  const situation: Situation = {
    k,
    request: { preferences: [], many: false, items: [], topics: [], notes: [] },
    slots: null,
    booking: null,
    checkFailed: null,
    bookings: null,
    cancelled: null,
    report: null,
    can: { check: roles.has("availability"), book: roles.has("booking"), list: roles.has("mine"), cancel: roles.has("cancel") },
    lastUser:
      lastUser >= 0 && "text" in conv.messages[lastUser] ? (conv.messages[lastUser] as { text: string }).text.slice(0, MAX_MESSAGE) : "",
  };
  const calls = new Map<string, { role: ToolRole; args: string; agent: boolean }>();
  conv.messages.forEach((m, i) => {
    if ("toolCalls" in m)
      for (const c of m.toolCalls)
        calls.set(c.id, {
          role: isHandoff(c.name) ? "other" : callRole(specs.get(c.name) ?? { name: c.name }, c.args),
          args: JSON.stringify(c.args),
          agent: taskParam(specs.get(c.name)) !== undefined,
        });
    if (m.role === "tool") {
      const call = calls.get(m.callId);
      const role = call?.role ?? (m.name ? toolRole(m.name) : "other");
      // Court features in any result are worth knowing; outcomes only count since the member last spoke.
      const outcome = readOutcome(role, m.content, k);
      if (i < lastUser) return;
      // An agent that looked after the member's bookings answers in words meant for the member: relay them.
      if (call?.agent && (role === "mine" || role === "cancel") && !/^\s*[[{]/.test(m.content)) {
        situation.report = m.content.trim().slice(0, MAX_MESSAGE);
        return;
      }
      // A booking result may not repeat its slot; the call that asked for it names it.
      if (
        (outcome.kind === "booked" || outcome.kind === "failed" || outcome.kind === "cancelled") &&
        !("slot" in outcome && outcome.slot) &&
        call
      ) {
        if (outcome.kind === "cancelled") outcome.booking ??= slotRefs(call.args)[0];
        else outcome.slot = slotRefs(call.args)[0];
      }
      take(situation, outcome, role);
    }
    // Data pasted into the prompt (a Select or Confirm step) counts like a tool result.
    if (m.role === "user" && "text" in m && i >= lastUser) {
      const pasted = m.text.indexOf("{");
      if (pasted >= 0) for (const o of pastedObjects(m.text)) learnFromSlot(k, o);
      // An outcome that refuses (an object with a code and a message under "refused" or "error") is a failed booking.
      const refused = pastedObjects(m.text)
        .map((o) => (isRecord(o.refused) ? o.refused : isRecord(o.error) ? o.error : null))
        .find((e) => e !== null && typeof e.message === "string");
      if (refused)
        take(
          situation,
          { kind: "failed", code: typeof refused.code === "string" ? refused.code : undefined, message: String(refused.message) },
          "booking",
        );
      else if (/booking_id/.test(m.text)) take(situation, readOutcome("booking", m.text.slice(pasted)), "booking");
      else if (slotRefs(m.text).length) take(situation, { kind: "slots", slots: slotRefs(m.text) }, "availability");
    }
  });
  situation.request = readRequest(conv.messages, k);
  // A workflow step may hand the request over as JSON beside the member's words ("Preferences: {"court": "C"}").
  const last = situation.lastUser ? pastedObjects(situation.lastUser) : [];
  for (const o of last) {
    const court = typeof o.court === "string" ? /^(?:court\s*)?([A-Z])$/i.exec(o.court.trim())?.[1]?.toUpperCase() : undefined;
    if (court && !situation.request.court) situation.request.court = court;
    // The time as the workflow states it settles what the words leave open ("the one at 9" after evening times).
    if (typeof o.time === "string" && /^\d{2}:00$/.test(o.time)) situation.request.time = o.time;
    const range = isRecord(o.time_range) ? o.time_range : null;
    if (range && typeof range.from === "string" && typeof range.to === "string" && !situation.request.time && !situation.request.range)
      situation.request.range = { from: range.from, to: range.to, label: `between ${range.from} and ${range.to}` };
    if (typeof o.date === "string" && /^\d{4}-\d{2}-\d{2}$/.test(o.date) && !situation.request.date) situation.request.date = o.date;
    if (Array.isArray(o.preferences))
      situation.request.preferences = [
        ...new Set([
          ...situation.request.preferences,
          ...o.preferences.filter((p): p is Preference => typeof p === "string" && PREFERENCES.includes(p as Preference)),
        ]),
      ];
  }
  return situation;
}

/** What a tool is for; a call to an agent that serves several purposes is for the one its task names. */
function rolesOf(tool: ToolSpec): ToolRole[] {
  return toolRoles(tool.name, tool.description, taskParam(tool) !== undefined);
}

function callRole(tool: ToolSpec, args: Record<string, unknown>): ToolRole {
  const roles = rolesOf(tool);
  if (roles.length === 1) return roles[0];
  const task = JSON.stringify(args).toLowerCase();
  if (roles.includes("cancel") && /\bcancel/.test(task)) return "cancel";
  if (roles.includes("mine") && /\bbookings\b/.test(task) && !/\bslot_?id\b|_court[a-z]_/.test(task)) return "mine";
  return roles[0];
}

/** JSON pasted into a prompt, one value per line ("Free slots: [...]"), as objects. */
function pastedObjects(text: string): Record<string, unknown>[] {
  return text
    .slice(0, 40_000)
    .split("\n")
    .flatMap((line) => {
      const start = line.search(/[[{]/);
      if (start < 0) return [];
      try {
        const value: unknown = JSON.parse(line.slice(start));
        return (Array.isArray(value) ? value : [value]).filter(isRecord);
      } catch {
        return [];
      }
    });
}

function take(s: Situation, o: Outcome, role: ToolRole): void {
  if (o.kind === "slots") s.slots = [...(s.slots ?? []), ...o.slots.filter((x) => !s.slots?.some((y) => y.slot_id === x.slot_id))];
  else if (o.kind === "booked") s.booking = o;
  else if (o.kind === "bookings") s.bookings = o.bookings;
  else if (o.kind === "cancelled") s.cancelled = o;
  else if (o.kind === "failed" && role === "availability") s.checkFailed = o;
  else if (o.kind === "failed" && role === "cancel") s.cancelled = o;
  else if (o.kind === "failed" && role === "mine") s.bookings = null;
  else if (o.kind === "failed") s.booking = o;
}

// --- The request over the whole conversation ------------------------------------------------------

/** What the assistant last put on the table: a day, times, courts; `done` when it reported a booking or cancellation. */
type Offer = { date?: string; times: string[]; courts: string[]; done: boolean; cancelling?: boolean; cancelled?: boolean };

const DONE = /\bis booked for you\b|^Booked:|^Cancelled\b|^Done!/;
const NOT_OFFERED = /\b(?:taken|nothing|not free|isn't possible|passed|no longer|couldn't)\b/i;

function readOffer(text: string, k: Knowledge): Offer {
  // "Done! … I haven't booked Saturday at 09:00 yet … Shall I book it too?" offers the rest.
  const pending = /\bI haven't booked (.+?) yet\b/.exec(text)?.[1];
  if (pending) return { ...readOffer(pending, k), done: false };
  const sentences = text.slice(0, MAX_MESSAGE * 2).split(/(?<=[.?!])\s+/);
  const offered = sentences
    .filter((x) => !NOT_OFFERED.test(x) || /\b(?:free then|nearest free|free at the same time)\b/i.test(x))
    .join(" ");
  const date = understand(text, k.now, undefined, k.dayFirst).date;
  const timesIn = (t: string) => [...new Set([...t.matchAll(/\b(?:[01]\d|2[0-3]):[0-5]\d\b/g)].map((m) => m[0]))];
  // "Court B is taken at 15:00. Free then: Court A…" offers other courts at the same time.
  const times = timesIn(offered).length ? timesIn(offered) : timesIn(text.slice(0, MAX_MESSAGE * 2));
  const courts = new Set<string>();
  for (const m of offered.matchAll(/\bCourts? ([A-Z](?:(?:, | and | or )[A-Z]\b)*)/g))
    for (const id of m[1].split(/, | and | or /)) courts.add(id);
  for (const m of offered.matchAll(/\(([A-D](?:, [A-D])*)\)/g)) for (const id of m[1].split(", ")) courts.add(id);
  return {
    date,
    times,
    courts: [...courts],
    done: DONE.test(text.trim()),
    cancelled: /^Cancelled\b/.test(text.trim()),
    cancelling: /\bwhich (?:one|booking) should I cancel\b|\bcancel (?:which|the one)\b[^.]*\?/i.test(text),
  };
}

function readRequest(messages: Turn[], k: Knowledge): Request {
  const courts = k.listed.size ? k.listed : undefined;
  const lastUser = messages.findLastIndex((m) => m.role === "user");
  let r: Request = { preferences: [], many: false, items: [], topics: [], notes: [] };
  let offer: Offer | null = null;
  messages.forEach((m, i) => {
    if (!("text" in m)) return;
    if (m.role === "assistant") {
      offer = readOffer(m.text, k);
      return;
    }
    const last = i === lastUser;
    const u = understand(stripPrompt(m.text), k.now, courts, k.dayFirst);
    if (!last && (u.intent === "smalltalk" || u.intent === "offtopic" || u.intent === "foreign" || u.intent === "club")) return;
    r = follow(r, u, offer, k);
    offer = null;
    if (last) Object.assign(r, { many: u.many, items: u.items, notes: u.notes, topics: u.topics });
  });
  if (!r.intent && (r.date || r.time || r.slotId)) r.intent = "check";
  return r;
}

const FIELDS = ["date", "time", "range", "court", "slotId", "vagueDate", "needsToday", "namedCourt", "bookingRef"] as const;

/** The request after one more member message, read against the assistant's latest offer. */
function follow(before: Request, said: Utterance, offer: Offer | null, k: Knowledge): Request {
  const hour = inContext(said, before, offer);
  const u: Utterance = {
    ...said,
    time: hour.time,
    unsure: said.unsure ?? (hour.guessed ? `Do you mean ${hour.time} or ${hhmm(said.hourOnly! + 12, 0)}?` : undefined),
  };
  const says = (key: (typeof FIELDS)[number]) => u[key] !== undefined;
  // "actually make it court D" right after a booking: the member moves it. The new slot is booked, then the one just made cancelled.
  const changes = says("date") || says("time") || says("range") || says("court") || u.preferences.length > 0;
  if (
    offer?.done &&
    !offer.cancelled &&
    offer.date &&
    offer.times.length === 1 &&
    u.corrects &&
    changes &&
    u.intent !== "cancel" &&
    u.intent !== "list"
  ) {
    const moved = { date: offer.date, time: offer.times[0], court: offer.courts.length === 1 ? offer.courts[0] : undefined };
    return {
      ...fresh(),
      intent: "book",
      date: u.date ?? moved.date,
      time: u.time ?? (u.range ? undefined : moved.time),
      range: u.range,
      court: u.court ?? (u.preferences.length || u.namedCourt ? undefined : moved.court),
      namedCourt: u.namedCourt,
      preferences: u.preferences,
      notes: u.notes,
      replaces: moved,
    };
  }
  const newRequest =
    u.intent !== undefined &&
    u.intent !== "smalltalk" &&
    u.intent !== "club" &&
    (says("date") || says("time") || says("range") || u.intent === "list" || offer?.done === true);
  const base: Request =
    offer?.done && u.intent === "cancel" && !says("date") && !says("time") && !says("court")
      ? { ...fresh(), date: offer.date, time: offer.times[0], court: offer.courts[0] }
      : newRequest || offer?.done
        ? { ...fresh(), date: u.date || says("needsToday") || says("vagueDate") || offer?.done ? undefined : before.date }
        : { ...before, notes: [] };
  const r: Request = { ...base, preferences: [...new Set([...(newRequest ? [] : base.preferences), ...u.preferences])] };

  // What the latest offer puts on the table replaces what earlier turns said, field by field.
  if (offer && !offer.done && !newRequest) {
    r.date = offer.date ?? r.date;
    if (offer.times.length) {
      r.time = offer.times.length === 1 ? offer.times[0] : undefined;
      if (offer.times.length === 1) delete r.range;
    }
    // A court the member named earlier stays chosen while the offer still lists it; on another day ("same time on friday") it stays as asked.
    if (offer.courts.length && (!u.date || u.date === offer.date))
      r.court =
        offer.courts.length === 1 ? offer.courts[0] : before.court && offer.courts.includes(before.court) ? before.court : undefined;
  }
  for (const key of FIELDS) if (u[key] !== undefined) Object.assign(r, { [key]: u[key] });
  if (u.unsure) r.unsure = u.unsure;
  else delete r.unsure;
  if (u.unknown) r.unknown = u.unknown;
  else delete r.unknown;
  // "anything a bit earlier?": the hours before (or after) the one on the table, the same day.
  const onTable = offer && !offer.done && offer.times.length === 1 ? offer.times[0] : before.time;
  if (u.shift && !u.time && !u.range && onTable) {
    const hour = Number(onTable.slice(0, 2));
    r.range =
      u.shift === "earlier"
        ? { from: hhmm(Math.max(0, hour - 3), 0), to: hhmm(hour - 1, 0), label: `before ${onTable}`, near: hhmm(hour - 1, 0) }
        : { from: hhmm(hour + 1, 0), to: hhmm(Math.min(23, hour + 3), 0), label: `after ${onTable}`, near: hhmm(hour + 1, 0) };
    delete r.time;
    delete r.court;
    r.intent = "check";
    return r;
  }
  if (u.date || u.vagueDate || u.needsToday)
    for (const key of ["vagueDate", "needsToday"] as const) if (u[key] === undefined) delete r[key];
  if (u.court) delete r.namedCourt;
  if (u.time) delete r.range;
  if (u.range) delete r.time;
  if (u.date || u.time || u.range || u.court) delete r.slotId;

  // "the one at 8" after evening times were offered (or asked for) means 20:00.
  // "in the evening" after "08:00 or 20:00?": the one time on the table within that part of the day.
  if (offer && !offer.done && u.range && !u.time && offer.times.length > 1) {
    const within = offer.times.filter((t) => t >= u.range!.from && t <= u.range!.to);
    if (within.length === 1) {
      r.time = within[0];
      delete r.range;
    }
  }
  // "the second one", "whichever is free": a place in the list on the table, or any court of it.
  if (offer && !offer.done && u.nth !== undefined && !u.time && !u.court) {
    const list = offer.times.length > 1 ? offer.times : offer.courts;
    const picked = list.at(u.nth);
    if (picked && offer.times.length > 1) r.time = picked;
    else if (picked) r.court = picked;
  }
  if (offer && !offer.done && u.anyCourt && !u.court && offer.courts.length > 0 && (r.time || offer.times.length === 1))
    r.court = offer.courts[0];
  // "the clay one", "the indoor one" among offered courts.
  if (offer && !offer.done && !u.court && u.preferences.length && offer.courts.length > 1) {
    const fitting = offer.courts.filter((c) =>
      u.preferences.every(
        (p) =>
          p === "earliest" ||
          p === "latest" ||
          (p === "indoor"
            ? k.courts.get(c)?.indoor === true
            : p === "outdoor"
              ? k.courts.get(c)?.indoor === false
              : k.courts.get(c)?.surface === p),
      ),
    );
    if (fitting.length === 1) r.court = fitting[0];
  }

  const picks =
    u.confirms || u.time !== undefined || u.court !== undefined || u.preferences.length > 0 || u.nth !== undefined || u.anyCourt;
  if (u.declines && offer && !u.intent) r.declined = true;
  else delete r.declined;
  if (u.intent && u.intent !== "smalltalk" && !(offer?.cancelling && u.intent === "check")) r.intent = u.intent;
  else if (offer?.cancelling && !u.declines && (u.intent === undefined || u.intent === "check")) r.intent = "cancel";
  else if (u.intent === "smalltalk" && !picks) r.intent = "smalltalk";
  // A bare time after an offer ("9am") is a pick when it settles the slot (the court is known) or is said as one; else show that hour.
  else if (offer && !offer.done && picks && !(u.asks && !u.confirms))
    r.intent = u.confirms || u.wants || r.court !== undefined || u.preferences.length > 0 || before.intent === "book" ? "book" : "check";
  else if (u.confirms || (u.court && before.intent === "check")) r.intent = before.intent === "cancel" ? "cancel" : "book";
  if (r.declined) r.intent = before.intent;
  if (offer && !offer.done && u.anyCourt && r.court && !u.asks) r.intent = "book";
  return r;
}

/**
 * A bare hour read against the conversation: "9" is 21:00 when the evening is what is being talked
 * about, by the member's own words first (an evening asked for earlier), then by what is on the table.
 */
function inContext(u: Utterance, before: Request, offer: Offer | null): { time?: string; guessed: boolean } {
  if (u.hourOnly === undefined || !u.time) return { time: u.time, guessed: false };
  const evening = `${String(u.hourOnly + 12).padStart(2, "0")}:00`;
  const said = before.range ? [evening, u.time].filter((t) => t >= before.range!.from && t <= before.range!.to) : [];
  if (said.length === 1) return { time: said[0], guessed: false };
  const onTable = offer?.times.length ? offer.times : [before.time ?? before.range?.from].filter((t) => t !== undefined);
  if (onTable.includes(u.time)) return { time: u.time, guessed: false };
  if (onTable.includes(evening) || (onTable.length > 0 && onTable.every((t) => t >= "12:00"))) return { time: evening, guessed: false };
  // Nothing in the conversation says which: 8 is 08:00 or 20:00, both open. Only an evening hour past closing settles it.
  // A time off the hour (07:30) is refused either way, so it is no question.
  return { time: u.time, guessed: onTable.length === 0 && u.hourOnly + 12 < 22 && u.time.endsWith(":00") };
}

function fresh(): Request {
  return { preferences: [], many: false, items: [], topics: [], notes: [] };
}

/** The part of a prompt that is the member's words: pasted JSON and format instructions are not. */
function stripPrompt(text: string): string {
  return (
    text
      .slice(0, MAX_MESSAGE * 4)
      .replace(/\{[^{}]*\}/g, " ")
      .replace(/\{[^{}]*\}/g, " ")
      // Pasted data cut off at the reading limit is still data, not the member's words.
      .replace(/[[{][^{}[\]]*$/, " ")
      .replace(/\[[\s,]*\]/g, " ")
      .split(/(?<=[.!?\n])\s+/)
      .filter((sentence) => !/\bjson\b|\bkeys?\b|^\s*(?:preferences|free slots|outcome)\s*:/i.test(sentence))
      .join(" ")
      .replace(/^\s*(?:member asked|request)\s*:\s*/i, "")
  );
}

// --- JSON mode ---------------------------------------------------------------------------------

const ASKS_FOR_JSON =
  /\b(?:return|respond|reply|answer|output|give)\b[^.\n]{0,40}\bjson\b|\bjson (?:only|object)\b|\bas json\b|\bin json\b/i;
const NOT_KEYS = new Set([
  "and",
  "or",
  "the",
  "with",
  "keys",
  "key",
  "fields",
  "field",
  "exactly",
  "following",
  "only",
  "a",
  "an",
  "of",
  "json",
  "object",
  "return",
  "respond",
  "null",
  "string",
  "unknown",
  "e",
  "g",
  "eg",
  "use",
  "for",
  "if",
  "is",
  "are",
  "to",
  "as",
]);

function jsonKeys(conv: Conversation): string[] | null {
  const prompt = [conv.system ?? "", ...conv.messages.flatMap((m) => (m.role === "user" && "text" in m ? [m.text] : []))]
    .join("\n")
    .slice(0, 40_000);
  if (!conv.json && !ASKS_FOR_JSON.test(prompt)) return null;
  if (conv.json?.keys?.length) return conv.json.keys;
  const listed = /\bkeys?\b\s*[:(]?\s*([^.\n]+)/i.exec(prompt)?.[1];
  const named = listed?.match(/[a-z][a-z0-9_]*/gi)?.filter((k) => !NOT_KEYS.has(k.toLowerCase()));
  if (named?.length) return [...new Set(named)];
  const template = [...prompt.matchAll(/"([a-z][a-z0-9_]*)"\s*:/gi)].map((m) => m[1]);
  if (template.length) return [...new Set(template)];
  return slotRefs(prompt).length ? SELECTION_KEYS : EXTRACTION_KEYS;
}

/** The intent words the prompt allows ("intent: "book" | "check" | …"); an intent it does not list is "other". */
function allowedIntents(system: string): string[] | null {
  const line = /\bintent\b\s*:\s*([^;\n]+)/i.exec(system)?.[1];
  const words = line ? [...line.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]) : [];
  return words.length ? words : null;
}

function answerJson(keys: string[], s: Situation, conv: Conversation, chaos: BrainChaos): Record<string, unknown> {
  const r = s.request;
  const selecting = !keys.includes("intent") && s.slots !== null;
  const choice = s.slots ? chooseSlot(s.slots, r, s.k, chaos.pick) : null;
  const chosen =
    choice?.slot && s.slots && chaos.hallucinatedSlot
      ? hallucinate(choice.slot.slot_id, s.slots, s.k.courts.keys())
      : choice?.slot?.slot_id;
  const allowed = allowedIntents(conv.system ?? "");
  const intent = r.intent === "list" && allowed && !allowed.includes("list") ? allowed.find((w) => /mine|bookings|my/.test(w)) : r.intent;
  // Without today's date a relative day cannot be resolved: the model leaves it out rather than guess.
  const values: Record<string, () => unknown> = {
    intent: () =>
      intent && (!allowed || allowed.includes(intent)) ? intent : allowed ? (allowed.includes("other") ? "other" : null) : (intent ?? null),
    // Asked for no unknown court, the model keeps such a request incomplete rather than let it be booked elsewhere.
    date: () => (r.namedCourt && !keys.includes("unknown_court") ? null : (r.date ?? null)),
    time: () => r.time ?? null,
    time_range: () => (r.range ? { from: r.range.from, to: r.range.to } : null),
    court: () => r.court ?? null,
    unknown_court: () => r.namedCourt ?? null,
    topics: () => r.topics,
    also: () => r.items.slice(1).map((i) => ({ date: i.date ?? null, time: i.time ?? null })),
    slot_id: () => (selecting ? (chosen ?? null) : (r.slotId ?? null)),
    booking_id: () => r.bookingRef ?? null,
    preferences: () => r.preferences,
    reason: () => choice?.reason ?? null,
    missing: () => missing(r),
    question: () => (missing(r).length ? reply(s) : null),
    doubt: () => r.unsure ?? (r.unknown && r.intent === "book" ? readBack(r, s.k) : null),
    declined: () => r.declined === true,
    moves: () => (r.replaces ? { date: r.replaces.date, time: r.replaces.time, court: r.replaces.court ?? null } : null),
  };
  const text = () => reply(s);
  return Object.fromEntries(
    keys.map((k) => [k, (values[k] ?? (/^(?:reply|message|answer|text|response)$/.test(k) ? text : () => null))()]),
  );
}

function missing(r: Request): string[] {
  if (r.intent !== "book" && r.intent !== "check") return [];
  return [...(r.date ? [] : ["date"]), ...(r.time || r.range || r.slotId || r.intent !== "book" ? [] : ["time"])];
}

// --- Tools -------------------------------------------------------------------------------------

function nextStep(tools: ToolSpec[], s: Situation, chaos: BrainChaos): Call[] | null {
  const tool = (role: ToolRole) =>
    tools.find((t) => !isHandoff(t.name) && toolRole(t.name, t.description) === role) ??
    tools.find((t) => !isHandoff(t.name) && rolesOf(t).includes(role)) ??
    tools.find((t) => toolRole(t.name, t.description) === role);
  const availability = tool("availability");
  const booking = tool("booking");
  const r = s.request;
  if (chaos.toolLoop && availability && r.date) return [checkCall(availability, r)];
  if (r.intent === "list") {
    const mine = tool("mine");
    return mine && s.bookings === null && s.report === null ? [call(mine, {}, "List the member's upcoming bookings.")] : null;
  }
  if (r.intent === "cancel") return cancelStep(tool("mine"), tool("cancel"), s);
  if (r.intent !== "book" && r.intent !== "check") return null;
  if (r.replaces && s.booking?.kind === "booked") return releaseStep(tool("mine"), tool("cancel"), s, r.replaces);
  if (s.booking || s.checkFailed || r.declined || r.unsure || problem(r, s.k)) return null;
  if (r.slotId && r.intent === "book" && booking)
    return [bookCall(booking, r.slotId, chaos.hallucinatedSlot ? (s.slots ?? []) : null, s.k.courts.keys())];
  if (s.slots === null) return availability ? [checkCall(availability, r)] : null;
  // A word it did not understand in a request to book: the model reads back what it understood and asks first.
  if (r.intent !== "book" || !booking || r.unknown) return null;
  const slot = chooseSlot(s.slots, r, s.k, chaos.pick).slot;
  return slot ? [bookCall(booking, slot.slot_id, chaos.hallucinatedSlot ? s.slots : null, s.k.courts.keys())] : null;
}

/** Cancel only a booking the tools listed, and only when exactly one fits what the member said. */
function cancelStep(mine: ToolSpec | undefined, cancel: ToolSpec | undefined, s: Situation): Call[] | null {
  if (s.cancelled || s.report !== null || !cancel) return null;
  // An agent that owns the bookings finds the one meant itself: it gets the member's description in words.
  if (taskParam(cancel)) return [call(cancel, {}, cancelTask(s.request))];
  if (s.bookings === null) return mine ? [call(mine, {}, "List the member's upcoming bookings.")] : null;
  const found = matching(s);
  if (found.length !== 1) return null;
  const b = found[0];
  return [call(cancel, { booking_id: b.booking_id }, `Cancel the member's booking with booking_id ${b.booking_id} (slot ${b.slot_id}).`)];
}

/** After a move's new booking: find the booking it replaces among the member's own, and cancel that one only. */
function releaseStep(mine: ToolSpec | undefined, cancel: ToolSpec | undefined, s: Situation, old: Replaced): Call[] | null {
  if (s.cancelled || s.report !== null || !cancel) return null;
  if (taskParam(cancel)) return [call(cancel, {}, cancelTask({ ...fresh(), ...old }))];
  if (s.bookings === null) return mine ? [call(mine, {}, "List the member's upcoming bookings.")] : null;
  const found = s.bookings.filter((b) => b.date === old.date && b.time === old.time && (!old.court || b.court === old.court));
  if (found.length !== 1) return null;
  const b = found[0];
  return [call(cancel, { booking_id: b.booking_id }, `Cancel the member's booking with booking_id ${b.booking_id} (slot ${b.slot_id}).`)];
}

function cancelTask(r: Request): string {
  const which = [
    r.date ? `on ${longDate(r.date)}` : "",
    r.time ? `at ${r.time}` : r.range ? `between ${r.range.from} and ${r.range.to}` : "",
    r.court ? `on Court ${r.court}` : "",
  ]
    .filter(Boolean)
    .join(" ");
  const id = r.bookingRef ? ` with booking id ${r.bookingRef}` : "";
  return `Cancel the member's booking${id}${which ? ` ${which}` : ""}. If more than one of their bookings fits, ask which.`;
}

function checkCall(tool: ToolSpec, r: Request): Call {
  const day = longDate(r.date!);
  const task = `Which courts are free on ${day}${r.time ? ` at ${r.time}` : ""}? Please list them with their slot_id.`;
  return call(tool, { date: r.date, time: r.time }, task);
}

/** `avoid` (the slots seen) is set when chaos asks for a hallucinated slot: then book one that is in none of them. */
function bookCall(tool: ToolSpec, slotId: string, avoid: SlotRef[] | null, known: Iterable<string>): Call {
  const id = avoid ? hallucinate(slotId, avoid, known) : slotId;
  return call(tool, { slot_id: id }, `Please book slot ${id} for the member.`);
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "Wednesday 2 December 2026": a date another agent reads without knowing ours. */
function longDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return `${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]} ${d} ${MONTHS[m - 1]} ${y}`;
}

/**
 * A made-up slot: a court past every court the model has seen a slot of or been told of, so it names
 * a court that is not there (as models do when they invent), never a real court the member did not ask for.
 */
function hallucinate(slotId: string, seen: SlotRef[], known: Iterable<string>): string {
  const [date, court, hhmm] = slotId.split("_");
  const letters = [court.replace(/^Court/, ""), ...seen.map((x) => x.slot_id.split("_")[1]?.replace(/^Court/, "") ?? ""), ...known].filter(
    (c) => /^[A-Z]$/.test(c),
  );
  const last = Math.max(...letters.map((c) => c.charCodeAt(0)));
  return `${date}_Court${last < "Z".charCodeAt(0) ? String.fromCharCode(last + 1) : "Z"}_${hhmm}`;
}

/**
 * Arguments shaped by the tool's JSON schema: known fields by name, a free-text task for tools that
 * take one string (agents as tools, services), nulls where a strict schema requires an unknown field.
 */
function call(tool: ToolSpec, known: Record<string, string | undefined>, task: string): Call {
  const props = isRecord(tool.parameters?.properties) ? tool.parameters.properties : {};
  const names = Object.keys(props);
  const required = Array.isArray(tool.parameters?.required) ? (tool.parameters.required as string[]) : [];
  const aliases: Record<string, string> = {
    slotid: "slot_id",
    slot: "slot_id",
    day: "date",
    hour: "time",
    start_time: "time",
    bookingid: "booking_id",
    booking: "booking_id",
  };
  const args: Record<string, unknown> = {};
  for (const name of names) {
    const key = aliases[name.toLowerCase()] ?? (name.toLowerCase() === "id" ? ("booking_id" in known ? "booking_id" : "slot_id") : name);
    if (known[key] !== undefined) args[name] = known[key];
    else if (required.includes(name) && acceptsNull(props[name])) args[name] = null;
  }
  const textual = taskParam(tool);
  if (!Object.keys(args).length && textual) args[textual] = task;
  return { name: tool.name, args };
}

/** The parameter through which a tool takes its task in words (an agent offered as a tool, a service). */
function taskParam(tool: ToolSpec | undefined): string | undefined {
  const props = isRecord(tool?.parameters?.properties) ? tool.parameters.properties : {};
  return Object.keys(props).find((n) => /^(?:input|task|request|query|message|prompt|question|text|instructions?)$/i.test(n));
}

function acceptsNull(schema: unknown): boolean {
  if (!isRecord(schema)) return false;
  if (schema.type === "null" || (Array.isArray(schema.type) && schema.type.includes("null")) || schema.nullable === true) return true;
  return Array.isArray(schema.anyOf) && schema.anyOf.some(acceptsNull);
}
