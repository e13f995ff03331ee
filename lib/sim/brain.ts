import type { DateTime } from "luxon";
import { clubNow } from "@/lib/domain/clock";
import { COURTS } from "@/lib/domain/courts";
import { isHandoff, isRecord, readOutcome, slotRefs, toolRole, type Outcome, type SlotRef, type ToolRole } from "./evidence";
import { chooseSlot, problem, type Request, type Situation } from "./judge";
import { reply } from "./reply";
import { understand } from "./understand";

/** The vendor-neutral conversation every wire adapter translates to. */
export type ToolSpec = { name: string; description?: string; parameters?: Record<string, unknown> };
export type ToolCall = { id: string; name: string; args: Record<string, unknown> };
export type Turn =
  | { role: "user" | "assistant"; text: string }
  | { role: "assistant"; toolCalls: ToolCall[] }
  | { role: "tool"; callId: string; name?: string; content: string };
export type Conversation = { system?: string; messages: Turn[]; tools: ToolSpec[]; json?: { keys?: string[] } };

export type Call = { name: string; args: Record<string, unknown> };
export type Decision = { kind: "text"; text: string } | { kind: "json"; value: Record<string, unknown> } | { kind: "tool_calls"; calls: Call[] };

/** Faults the brain itself plays out; the rest of the chaos knobs live at the wire. */
export type BrainChaos = { hallucinatedSlot?: boolean; toolLoop?: boolean };

export const EXTRACTION_KEYS = ["intent", "date", "time", "court", "slot_id", "preferences"];
export const SELECTION_KEYS = ["slot_id", "reason"];

export function decide(conv: Conversation, chaos: BrainChaos = {}): Decision {
  const situation = read(conv, clubNow());
  const keys = jsonKeys(conv);
  if (keys) return { kind: "json", value: answerJson(keys, situation, chaos) };
  if (conv.tools.length) {
    const calls = nextStep(conv.tools, situation, chaos);
    if (calls) return { kind: "tool_calls", calls };
  }
  return { kind: "text", text: reply(situation) };
}

function read(conv: Conversation, now: DateTime): Situation {
  const lastUser = conv.messages.findLastIndex((m) => m.role === "user");
  const userTexts = conv.messages.flatMap((m, i) => (m.role === "user" && "text" in m ? [{ text: m.text, last: i === lastUser }] : []));
  const situation: Situation = { now, request: readRequest(userTexts, now), slots: null, booking: null, checkFailed: null, lastUser: userTexts.at(-1)?.text ?? "" };
  const describe = new Map(conv.tools.map((t) => [t.name, t.description ?? ""]));
  const calls = new Map<string, { role: ToolRole; args: string }>();

  conv.messages.forEach((m, i) => {
    if ("toolCalls" in m) for (const c of m.toolCalls) calls.set(c.id, { role: isHandoff(c.name) ? "other" : toolRole(c.name, describe.get(c.name)), args: JSON.stringify(c.args) });
    if (i < lastUser) return;
    if (m.role === "tool") {
      const call = calls.get(m.callId);
      const role = call?.role ?? (m.name ? toolRole(m.name) : "other");
      const outcome = readOutcome(role, m.content);
      // A booking result may not repeat its slot; the call that asked for it names it.
      if ((outcome.kind === "booked" || outcome.kind === "failed") && !outcome.slot) outcome.slot = slotRefs(call?.args ?? "")[0];
      take(situation, outcome, role);
    }
    // Data pasted into the prompt (a Select or Confirm step) counts like a tool result.
    if (m.role === "user" && "text" in m) {
      if (/booking_id/.test(m.text)) take(situation, readOutcome("booking", m.text.slice(m.text.indexOf("{"))), "booking");
      else if (slotRefs(m.text).length) take(situation, { kind: "slots", slots: slotRefs(m.text) }, "availability");
    }
  });
  return situation;
}

function take(s: Situation, o: Outcome, role: ToolRole): void {
  if (o.kind === "slots") s.slots = [...(s.slots ?? []), ...o.slots.filter((x) => !s.slots?.some((y) => y.slot_id === x.slot_id))];
  else if (o.kind === "booked") s.booking = o;
  else if (o.kind === "failed" && role === "availability") s.checkFailed = o;
  else if (o.kind === "failed") s.booking = o;
}

function readRequest(messages: { text: string; last: boolean }[], now: DateTime): Request {
  const request: Request = { preferences: [], many: false, notes: [] };
  for (const { text, last } of messages) {
    const u = understand(stripPrompt(text), now);
    if (u.date || u.time || u.court || u.range) delete request.slotId;
    if (u.date || u.vagueDate) delete request.vagueDate;
    if (u.time) delete request.range;
    if (u.range) delete request.time;
    for (const key of ["date", "time", "range", "court", "slotId", "vagueDate"] as const) if (u[key]) Object.assign(request, { [key]: u[key] });
    request.preferences = [...new Set([...request.preferences, ...u.preferences])];
    if (u.intent === "smalltalk" && !last) continue;
    request.intent = u.intent ?? (u.confirms || (u.court && request.intent === "check") ? "book" : request.intent);
    if (last) Object.assign(request, { many: u.many, notes: u.notes });
  }
  if (!request.intent && (request.date || request.time || request.slotId)) request.intent = "check";
  return request;
}

/** The part of a prompt that is the member's words: pasted JSON and format instructions are not. */
function stripPrompt(text: string): string {
  return text
    .replace(/\{[^{}]*\}/g, " ")
    .replace(/\{[^{}]*\}/g, " ")
    .replace(/\[[\s,]*\]/g, " ")
    .split(/(?<=[.!?\n])\s+/)
    .filter((sentence) => !/\bjson\b|\bkeys?\b/i.test(sentence))
    .join(" ");
}

// --- JSON mode ---------------------------------------------------------------------------------

const ASKS_FOR_JSON = /\b(return|respond|reply|answer|output|give)\b[^.\n]{0,40}\bjson\b|\bjson (only|object)\b|\bas json\b|\bin json\b/i;
const NOT_KEYS = new Set(["and", "or", "the", "with", "keys", "key", "fields", "field", "exactly", "following", "only", "a", "an", "of", "json", "object", "return", "respond", "null", "string", "unknown", "e", "g", "eg", "use", "for", "if", "is", "are", "to", "as"]);

function jsonKeys(conv: Conversation): string[] | null {
  const prompt = [conv.system ?? "", ...conv.messages.flatMap((m) => (m.role === "user" && "text" in m ? [m.text] : []))].join("\n");
  if (!conv.json && !ASKS_FOR_JSON.test(prompt)) return null;
  if (conv.json?.keys?.length) return conv.json.keys;
  const listed = /\bkeys?\b\s*[:(]?\s*([^.\n]+)/i.exec(prompt)?.[1];
  const named = listed?.match(/[a-z][a-z0-9_]*/gi)?.filter((k) => !NOT_KEYS.has(k.toLowerCase()));
  if (named?.length) return [...new Set(named)];
  const template = [...prompt.matchAll(/"([a-z][a-z0-9_]*)"\s*:/gi)].map((m) => m[1]);
  if (template.length) return [...new Set(template)];
  return slotRefs(prompt).length ? SELECTION_KEYS : EXTRACTION_KEYS;
}

function answerJson(keys: string[], s: Situation, chaos: BrainChaos): Record<string, unknown> {
  const r = s.request;
  const selecting = !keys.includes("intent") && s.slots !== null;
  const choice = s.slots ? chooseSlot(s.slots, r) : null;
  const chosen = choice?.slot && s.slots && chaos.hallucinatedSlot ? hallucinate(choice.slot.slot_id, s.slots) : choice?.slot?.slot_id;
  const values: Record<string, () => unknown> = {
    intent: () => r.intent ?? null,
    date: () => r.date ?? null,
    time: () => r.time ?? null,
    time_range: () => (r.range ? { from: r.range.from, to: r.range.to } : null),
    court: () => r.court ?? null,
    slot_id: () => (selecting ? (chosen ?? null) : (r.slotId ?? null)),
    preferences: () => r.preferences,
    reason: () => choice?.reason ?? null,
    missing: () => missing(r),
    question: () => (missing(r).length ? reply(s) : null),
  };
  const text = () => reply(s);
  return Object.fromEntries(keys.map((k) => [k, (values[k] ?? (/^(reply|message|answer|text|response)$/.test(k) ? text : () => null))()]));
}

function missing(r: Request): string[] {
  if (r.intent === "smalltalk" || r.intent === "cancel") return [];
  return [...(r.date ? [] : ["date"]), ...(r.time || r.range || r.slotId || r.intent !== "book" ? [] : ["time"])];
}

// --- Tools -------------------------------------------------------------------------------------

function nextStep(tools: ToolSpec[], s: Situation, chaos: BrainChaos): Call[] | null {
  const availability = pickTool(tools, "availability");
  const booking = pickTool(tools, "booking");
  const r = s.request;
  if (chaos.toolLoop && availability && r.date) return [checkCall(availability, r)];
  if (r.intent === "smalltalk" || r.intent === "cancel" || s.booking || s.checkFailed || problem(r, s.now)) return null;
  if (r.slotId && r.intent === "book" && booking) return [bookCall(booking, r.slotId, chaos.hallucinatedSlot ? (s.slots ?? []) : null)];
  if (s.slots === null) return availability ? [checkCall(availability, r)] : null;
  if (r.intent !== "book" || !booking) return null;
  const slot = chooseSlot(s.slots, r).slot;
  return slot ? [bookCall(booking, slot.slot_id, chaos.hallucinatedSlot ? s.slots : null)] : null;
}

function pickTool(tools: ToolSpec[], role: ToolRole): ToolSpec | undefined {
  return tools.find((t) => toolRole(t.name, t.description) === role);
}

function checkCall(tool: ToolSpec, r: Request): Call {
  const when = r.time ? ` at ${r.time}` : r.range ? ` between ${r.range.from} and ${r.range.to}` : "";
  return { name: tool.name, args: argsFor(tool, { date: r.date, time: r.time }, `Check availability for ${r.date}${when}${r.court ? ` (Court ${r.court})` : ""}`) };
}

/** `avoid` (the slots seen) is set when chaos asks for a hallucinated slot: then book one that is in none of them. */
function bookCall(tool: ToolSpec, slotId: string, avoid: SlotRef[] | null): Call {
  const id = avoid ? hallucinate(slotId, avoid) : slotId;
  return { name: tool.name, args: argsFor(tool, { slot_id: id }, `Book slot ${id}`) };
}

function hallucinate(slotId: string, seen: SlotRef[]): string {
  const [date, , hhmm] = slotId.split("_");
  const court = COURTS.find((c) => !seen.some((x) => x.slot_id === `${date}_Court${c.id}_${hhmm}`));
  return `${date}_Court${court?.id ?? "E"}_${hhmm}`;
}

/**
 * Arguments shaped by the tool's JSON schema: known fields by name, a free-text task for tools that
 * take one string (agents as tools, services), nulls where a strict schema requires an unknown field.
 */
function argsFor(tool: ToolSpec, known: Record<string, string | undefined>, task: string): Record<string, unknown> {
  const props = isRecord(tool.parameters?.properties) ? tool.parameters.properties : {};
  const names = Object.keys(props);
  const required = Array.isArray(tool.parameters?.required) ? (tool.parameters.required as string[]) : [];
  const aliases: Record<string, string> = { slotid: "slot_id", slot: "slot_id", id: "slot_id", day: "date", hour: "time", start_time: "time" };
  const args: Record<string, unknown> = {};
  for (const name of names) {
    const key = aliases[name.toLowerCase()] ?? name;
    if (known[key] !== undefined) args[name] = known[key];
    else if (required.includes(name) && acceptsNull(props[name])) args[name] = null;
  }
  const textual = names.filter((n) => /^(input|task|request|query|message|prompt|question|text|instructions?)$/i.test(n));
  if (!Object.keys(args).length && textual.length) args[textual[0]] = task;
  return args;
}

function acceptsNull(schema: unknown): boolean {
  if (!isRecord(schema)) return false;
  if (schema.type === "null" || (Array.isArray(schema.type) && schema.type.includes("null")) || schema.nullable === true) return true;
  return Array.isArray(schema.anyOf) && schema.anyOf.some(acceptsNull);
}
