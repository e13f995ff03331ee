import { z } from "zod";
import { isClockTime, isIsoDate, normalizeTime } from "@/lib/domain/clock";
import { COURTS } from "@/lib/domain/courts";
import { AppError } from "@/lib/errors";
import { chat } from "./chat";
import type { ChatMessage } from "./messages";
import { here, type RunContext } from "./context";
import { clubFacts } from "./prompts";

const Clock = z
  .string()
  .nullable()
  .catch(null)
  .transform((t) => (t ? normalizeTime(t) : null));
const COURT_IDS = COURTS.map((c) => c.id as string);

/**
 * What the parse step reports of a message: a booking request, or what else the member said (a
 * question about the club, small talk, a language the model does not read). The one schema of the
 * parse step: its keys and descriptions are the extraction prompt, and anything the model got wrong
 * becomes null. A court the club does not have never stays in `court`.
 */
const ExtractionFields = z.object({
  intent: z
    .enum(["book", "check", "mine", "cancel", "club", "smalltalk", "foreign", "other"])
    .catch("other")
    .describe(
      '"book" | "check" | "mine" (the member asks which bookings they hold) | "cancel" (the member wants one of theirs cancelled, with date, time and court describing it) | "club" (a question about the club: courts, hours, limits) | "smalltalk" (greetings, thanks) | "foreign" (a language you do not understand well, with every other field left empty) | "other"',
    ),
  date: z
    .string()
    .nullable()
    .catch(null)
    .transform((d) => (d && isIsoDate(d) ? d : null))
    .describe("YYYY-MM-DD or null"),
  time: Clock.refine((t) => t === null || isClockTime(t)).describe("HH:MM (24h) as said, even when not on the hour, or null"),
  time_range: z
    .object({ from: Clock, to: Clock })
    .nullable()
    .catch(null)
    .transform((r) => (r?.from && r.to ? { from: r.from, to: r.to } : null))
    .describe(
      '{"from": "HH:MM", "to": "HH:MM"}: the first and last start time when the member gives a range or a part of the day instead of a time, else null',
    ),
  court: z
    .string()
    .nullable()
    .catch(null)
    .transform((c) =>
      c
        ? c
            .trim()
            .replace(/^court\s*/i, "")
            .toUpperCase()
        : null,
    )
    .describe('the court letter, e.g. "A", or null'),
  unknown_court: z
    .string()
    .nullable()
    .catch(null)
    .describe('a court the member named that the club does not have, e.g. "Court 5", else null'),
  slot_id: z.string().nullable().catch(null).describe("string or null"),
  booking_id: z
    .string()
    .max(64)
    .nullable()
    .catch(null)
    .describe("the id of one of the member's bookings when the member quotes one, else null"),
  preferences: z.array(z.string()).catch([]).describe('array of "indoor" | "outdoor" | "clay" | "hard" | "grass" | "earliest" | "latest"'),
  topics: z
    .array(z.enum(["indoor", "surface", "courts", "hours", "horizon", "limits"]))
    .catch([])
    .describe('for "club": array of "indoor" | "surface" | "courts" | "hours" | "horizon" | "limits"'),
  also: z
    .array(z.object({ date: z.string().nullable().catch(null), time: Clock }))
    .catch([])
    .describe("further bookings asked for in the same message, each {date, time}; else []"),
  doubt: z
    .string()
    .max(300)
    .nullable()
    .catch(null)
    .describe(
      "when the message leaves the day, the hour or the court in doubt (details that contradict each other), the question to ask the member instead of acting, else null",
    ),
  declined: z.boolean().catch(false).describe("true when the member turns down what was offered or drops the request"),
  moves: z
    .object({ date: z.string(), time: z.string(), court: z.string().nullable().catch(null) })
    .nullable()
    .catch(null)
    .describe(
      'when the member changes a booking that was just made ("make it 6 instead", "friday, not thursday"): that booking\'s {date, time, court}, else null',
    ),
});

/** A booking request as the parse step understood it. */
export const Extraction = ExtractionFields.transform((r) =>
  r.court && !COURT_IDS.includes(r.court) ? { ...r, court: null, unknown_court: r.unknown_court ?? `Court ${r.court}` } : r,
);
export type Extraction = z.infer<typeof Extraction>;

/** The extraction prompt of A, B and C's parse step. */
export function extractionPrompt(): string {
  return [
    "You extract tennis court booking requests into JSON for a booking system.",
    clubFacts(),
    extractionFields(),
    "Use earlier turns of the conversation to fill fields the latest message leaves out; a short answer refers to what the assistant offered last.",
  ].join("\n");
}

/** The extraction prompt's field list, derived from the schema so the two cannot drift apart. */
function extractionFields(): string {
  const shape = ExtractionFields.shape;
  return [
    `Return one JSON object with keys ${Object.keys(shape).join(", ")}.`,
    ...Object.entries(shape).map(([key, field]) => `${key}: ${field.description}`),
  ].join("\n");
}

/**
 * One model call that turns the conversation into an Extraction. Unparseable output gets one retry
 * with a firmer instruction; after that the caller hears model_output_invalid, never a crash. Made
 * inside the model's step, whose node and vendor it takes.
 */
export async function extractRequest(ctx: RunContext<unknown>, messages: ChatMessage[]): Promise<Extraction> {
  const node = here(ctx);
  for (let attempt = 0; attempt < 2; attempt++) {
    const system = extractionPrompt() + (attempt ? "\nYour previous answer was not valid JSON. Reply with one JSON object only." : "");
    const { text } = await chat(ctx, { system, messages, json: true });
    const parsed = parseJsonObject(text);
    if (parsed) return Extraction.parse(parsed);
    ctx.emit({
      type: "error",
      node,
      code: "model_output_invalid",
      message: "The model's answer was not valid JSON.",
      retryable: attempt === 0,
    });
  }
  throw new AppError(
    "model_output_invalid",
    'The language model kept answering with something that is not valid JSON, so I could not read your request. Could you say it again, e.g. "Book a court tomorrow at 3pm"?',
  );
}

/** The first JSON object in a model's text (models like to wrap JSON in prose or fences). */
export function parseJsonObject(text: string): Record<string, unknown> | null {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start < 0 || end <= start) return null;
  try {
    const value = JSON.parse(text.slice(start, end + 1));
    return value && typeof value === "object" && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}
