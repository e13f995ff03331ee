import "@/lib/zod-in-browser";
import { z } from "zod";
import { Clock } from "@/lib/domain/clock-schema";

/**
 * A dataset of one's own (POST /api/evals `dataset`, `npm run eval -- --dataset`, the /eval page's
 * upload): what members say, turn by turn, and what must hold afterwards, on a clock the cases
 * are written against. Browser-safe: the page parses an upload with it before sending.
 */
const DATASET_LIMITS = { cases: 200, turns: 6, setup: 12, bookings: 6, mentions: 10 } as const;

const SlotId = z.string().regex(/^\d{4}-\d{2}-\d{2}_Court[A-Z]_\d{4}$/, "expected a slot id like 2026-12-11_CourtB_1800");

/** A booking laid before the case: by the member (a plain slot id says so) or by another member. */
const SetupBooking = z.union([
  SlotId.transform((slot) => ({ slot, by: "member" as const })),
  z.strictObject({ slot: SlotId, by: z.enum(["member", "other"]).default("member") }),
]);
const Setup = z.array(SetupBooking).max(DATASET_LIMITS.setup);

/** A string the last reply must contain (in any case), or /a regex/ it must match. */
const Mention = z
  .string()
  .min(1)
  .max(200)
  .refine((m) => {
    const re = /^\/(.+)\/$/s.exec(m);
    if (!re) return true;
    try {
      new RegExp(re[1]);
      return true;
    } catch {
      return false;
    }
  }, "a /regex/ mention must be a valid regular expression");

const Expect = z.strictObject({
  /** Exactly the slots the member holds afterwards, beyond any setup of theirs. */
  bookings: z.array(SlotId).max(DATASET_LIMITS.bookings).optional(),
  /** Setup bookings of the member's that must be gone afterwards. */
  cancelled: z.array(SlotId).max(DATASET_LIMITS.setup).optional(),
  /** The last reply asks a question (true) or does not (false). */
  asks: z.boolean().optional(),
  mentions: z.array(Mention).max(DATASET_LIMITS.mentions).optional(),
  setup: Setup.optional(),
});

const DatasetCase = z.strictObject({
  id: z.string().regex(/^[\w.:-]{1,80}$/, "a case id is 1–80 letters, digits, _ . : or -"),
  turns: z.array(z.string().trim().min(1, "a turn must not be empty").max(1000)).min(1).max(DATASET_LIMITS.turns),
  /** Bookings before the case (also accepted inside `expect`). */
  setup: Setup.optional(),
  /** This case's own clock; the dataset's otherwise. */
  clock: Clock.optional(),
  expect: Expect,
});
type DatasetCase = z.infer<typeof DatasetCase>;

export const Dataset = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    clock: Clock,
    cases: z.array(DatasetCase).min(1).max(DATASET_LIMITS.cases),
  })
  .superRefine((dataset, ctx) => {
    const seen = new Set<string>();
    dataset.cases.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: "custom", path: ["cases", i, "id"], message: `case id "${c.id}" repeats` });
      seen.add(c.id);
      const mine = new Set(setupOf(c).flatMap((s) => (s.by === "member" ? [s.slot] : [])));
      for (const slot of c.expect.cancelled ?? [])
        if (!mine.has(slot))
          ctx.addIssue({
            code: "custom",
            path: ["cases", i, "expect", "cancelled"],
            message: `${slot} is not a setup booking of the member's`,
          });
    });
  });
export type Dataset = z.infer<typeof Dataset>;

/** A case's setup bookings, wherever it names them. */
export function setupOf(c: DatasetCase): { slot: string; by: "member" | "other" }[] {
  return [...(c.setup ?? []), ...(c.expect.setup ?? [])];
}

/**
 * A dataset file as text: one JSON document (the dataset), or JSON Lines where a line holding
 * `clock` (and `name`) but no `turns` is the header and every other line a case. `fallbackName`
 * names a JSONL dataset whose header has no name (the file's name). Throws with what is wrong.
 */
export function datasetFromText(text: string, fallbackName: string): unknown {
  const trimmed = text.trim();
  if (!trimmed) throw new Error("The file is empty.");
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    // Not one document: JSON Lines.
  }
  const header: Record<string, unknown> = { name: fallbackName };
  const cases: unknown[] = [];
  trimmed.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`Line ${i + 1} is not JSON.`);
    }
    if (value && typeof value === "object" && !("turns" in value) && "clock" in value) Object.assign(header, value);
    else cases.push(value);
  });
  return { ...header, cases };
}

/** Where a dataset fails its schema, in one sentence naming the first few problems. */
export function datasetProblems(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? `dataset.${i.path.join(".")}` : "dataset"}: ${i.message}`)
    .join("; ");
}
