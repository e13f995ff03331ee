import { z } from "zod";
import heldOut from "@/eval/conversations/held-out.json";
import tuned from "@/eval/conversations/corpus.json";

/** One case of the corpus: what the member says, turn by turn, and what must hold afterwards. */
const Turn = z.object({ say: z.string(), must: z.array(z.string()).nullable().optional() });
export const Case = z.object({
  id: z.string(),
  kind: z.string(),
  turns: z.array(Turn).min(1),
  /** The member's bookings after the conversation, one anchored regex per booking. */
  book: z.array(z.string()),
  must: z.array(z.string()).optional(),
  mustNot: z.array(z.string()).optional(),
  needs: z.array(z.enum(["my_bookings", "cancel_booking"])).optional(),
  /** The member's own bookings before the conversation starts. */
  setup: z.array(z.string()).optional(),
  /** The last reply asks the member a question (true) or does not (false). */
  asks: z.boolean().optional(),
});
export type Case = z.infer<typeof Case>;
export const Corpus = z.object({ now: z.string(), timezone: z.string(), utterances: z.array(Case), dialogues: z.array(Case) });
export type Corpus = z.infer<typeof Corpus>;

/** The corpus files (eval/conversations/): the tuned one and the held-out one the brain was not tuned on. */
export const CORPUS_FILES = { tuned, "held-out": heldOut } as const;
export type CorpusName = keyof typeof CORPUS_FILES;

export function loadCorpus(name: CorpusName): Corpus {
  return Corpus.parse(CORPUS_FILES[name]);
}

/** What no reply a member reads may contain (issue 12, section 5), and how long a chat bubble may be. */
const RULES: [string, RegExp][] = [
  ["slot id", /\b\d{4}-\d{2}-\d{2}_Court[A-Z]_\d{4}\b/],
  ["ISO date", /\b\d{4}-\d{2}-\d{2}\b/],
];
const MAX_REPLY = 400;

export type Verdict = { ok: boolean; wrong: string[]; problems: string[] };

/** Judges one played-out case: the replies of each turn and the member's bookings at the end. */
export function judge(c: Case, replies: string[], held: string[]): Verdict {
  const problems: string[] = [];
  replies.forEach((reply, i) => {
    for (const [name, rule] of RULES) if (rule.test(reply)) problems.push(`turn ${i + 1}: reply shows a ${name}: ${reply}`);
    if (reply.length > MAX_REPLY) problems.push(`turn ${i + 1}: reply is ${reply.length} characters`);
    for (const m of c.turns[i]?.must ?? []) if (!new RegExp(m).test(reply)) problems.push(`turn ${i + 1}: reply lacks /${m}/: ${reply}`);
  });
  const last = replies.at(-1) ?? "";
  for (const m of c.must ?? []) if (!new RegExp(m).test(last)) problems.push(`reply lacks /${m}/: ${last}`);
  for (const m of c.mustNot ?? []) if (new RegExp(m).test(last)) problems.push(`reply has /${m}/: ${last}`);
  if (c.asks !== undefined && asksQuestion(last) !== c.asks)
    problems.push(c.asks ? `reply asks no question: ${last}` : `reply asks a question instead of acting: ${last}`);

  const unmatched = c.book.map((b) => ({ b, re: new RegExp(`^${b}$`) }));
  const wrong: string[] = [];
  for (const slot of held) {
    const at = unmatched.findIndex((e) => e.re.test(slot));
    if (at >= 0) unmatched.splice(at, 1);
    else if (!(c.setup ?? []).includes(slot)) wrong.push(slot);
    else problems.push(`kept ${slot}, which should be cancelled`);
  }
  if (wrong.length) problems.push(`booked what was not asked for: ${wrong.join(", ")}`);
  if (unmatched.length) problems.push(`missing bookings: ${unmatched.map((e) => e.b).join(", ")}`);
  return { ok: problems.length === 0, wrong, problems };
}

/** The member's own bookings from before the conversation that the case expects kept but that are gone: cancelled by mistake. */
export function wrongCancellations(c: Case, held: readonly string[]): string[] {
  const kept = c.book.map((b) => new RegExp(`^${b}$`));
  return (c.setup ?? []).filter((slot) => !held.includes(slot) && kept.some((e) => e.test(slot)));
}

const asksQuestion = (reply: string) => reply.includes("?");

/** How a failed case went wrong, in the words a reader of the matrix looks for. */
export type FailureKind =
  | "misread date"
  | "misread time"
  | "wrong court"
  | "booked without asking"
  | "asked when it should book"
  | "refused wrongly"
  | "fault not recovered"
  | "reply wrong";

/** A slot id's parts (date, court, time); an expected booking's pattern splits the same way. */
const parts = (slot: string) => slot.split("_");

/**
 * The kind of a failed case, from what was expected, what the member holds and the replies: a
 * booking beside the expected one is a misread date, time or court (the first part that differs);
 * a booking nobody asked for, booked without asking; an expected booking missing, a question
 * (asked when it should book), a fault the run did not survive, or a refusal.
 */
export function failureKind(
  c: Case,
  verdict: Verdict,
  held: string[],
  replies: string[],
  run: { faulted: boolean; errored: boolean },
): FailureKind {
  if (run.faulted && run.errored) return "fault not recovered";
  const missing = c.book.filter((b) => !held.some((slot) => new RegExp(`^${b}$`).test(slot)));
  const [wrong] = verdict.wrong;
  if (wrong && missing.length) {
    const expected = parts(missing[0]);
    const got = parts(wrong);
    if (expected.length === 3 && got.length === 3) {
      const differs = (i: number) => !new RegExp(`^${expected[i]}$`).test(got[i]);
      if (differs(0)) return "misread date";
      if (differs(2)) return "misread time";
      if (differs(1)) return "wrong court";
    }
  }
  if (wrong) return "booked without asking";
  if (missing.length) {
    if (asksQuestion(replies.at(-1) ?? "")) return "asked when it should book";
    return run.faulted ? "fault not recovered" : "refused wrongly";
  }
  if (verdict.problems.some((p) => p.startsWith("kept "))) return run.faulted ? "fault not recovered" : "refused wrongly";
  return "reply wrong";
}
