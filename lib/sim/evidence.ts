import type { CourtId } from "@/lib/domain/courts";
import { SLOT_ID_PATTERN } from "./understand";

/** What a tool result (or data pasted into a prompt) tells the model, whatever its format. */
export type SlotRef = { slot_id: string; court: CourtId; date: string; time: string };

export type Outcome =
  | { kind: "slots"; slots: SlotRef[] }
  | { kind: "booked"; slot?: SlotRef; bookingId?: string }
  | { kind: "failed"; code?: string; message: string; slot?: SlotRef }
  | { kind: "handoff" };

export type ToolRole = "availability" | "booking" | "other";

const ERROR_CODES = /\b(slot_taken|slot_not_found|slot_in_past|outside_hours|beyond_horizon|limit_reached|invalid_date|invalid_time|not_yours)\b/;
const ERROR_WORDS = /\b(error|failed|could not|couldn't|cannot|can't|unable|already booked|not available)\b/i;
const BOOKED_WORDS = /\b(booked|confirmed|booking_id|booking id)\b/i;

export function slotRefs(text: string): SlotRef[] {
  const seen = new Map<string, SlotRef>();
  for (const m of text.matchAll(SLOT_ID_PATTERN)) {
    seen.set(m[0], { slot_id: m[0], date: m[1], court: m[2] as CourtId, time: `${m[3]}:${m[4]}` });
  }
  return [...seen.values()];
}

/** What a tool is for, judged by its name first (names are the strongest signal) and then its description. */
export function toolRole(name: string, description = ""): ToolRole {
  const n = name.toLowerCase();
  if (/book|reserv/.test(n)) return "booking";
  if (/avail|free|check|search|find|schedule|slot|lookup/.test(n)) return "availability";
  const d = description.toLowerCase();
  const availability = d.match(/availab|free|open slots?|check/g)?.length ?? 0;
  const booking = d.match(/\bbook|reserv/g)?.length ?? 0;
  if (!availability && !booking) return "other";
  if (availability !== booking) return availability > booking ? "availability" : "booking";
  return d.search(/availab|free|check/) < d.search(/\bbook|reserv/) ? "availability" : "booking";
}

export function isHandoff(name: string): boolean {
  return /^transfer_to_/.test(name);
}

/** Reads one tool result, given what kind of tool produced it. */
export function readOutcome(role: ToolRole, content: string): Outcome {
  const json = parseJson(content);
  if (isRecord(json) && Object.keys(json).length === 1 && "assistant" in json) return { kind: "handoff" };
  const slots = slotRefs(content);
  const failure = failureIn(json, content);
  if (role === "booking" || (role === "other" && /booking_id/.test(content))) {
    if (failure) return { ...failure, slot: slots[0] };
    if (BOOKED_WORDS.test(content) || (isRecord(json) && json.booking_id)) {
      return { kind: "booked", slot: slots[0], bookingId: isRecord(json) && typeof json.booking_id === "string" ? json.booking_id : undefined };
    }
    return { kind: "failed", message: content.slice(0, 200) };
  }
  if (failure && !slots.length) return failure;
  return { kind: "slots", slots };
}

function failureIn(json: unknown, content: string): Extract<Outcome, { kind: "failed" }> | null {
  if (isRecord(json)) {
    const error = isRecord(json.error) ? json.error : typeof json.error === "string" ? { message: json.error } : json.code ? json : null;
    if (!error) return null;
    const code = typeof error.code === "string" ? error.code : ERROR_CODES.exec(content)?.[1];
    return { kind: "failed", code, message: String(error.message ?? code ?? "The tool failed.") };
  }
  if (json !== undefined) return null;
  const code = ERROR_CODES.exec(content)?.[1];
  if (!code && !ERROR_WORDS.test(content)) return null;
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
