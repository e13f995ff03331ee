/**
 * Runs the conversation corpus (eval/conversations/*.json) through all eight patterns on the
 * simulated model, each case against a freshly seeded in-memory schedule with the clock pinned, and
 * prints a score per pattern and per kind, the held-out file beside the tuned one, and the number of
 * wrong bookings (a booking the member did not ask for). Cases that need the member-bound tools
 * (my_bookings, cancel_booking) are reported apart while a pattern does not have them yet.
 *
 * Run: npm run eval:conversations [-- --pattern D] [-- --verbose]
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const Turn = z.object({ say: z.string(), must: z.array(z.string()).nullable().optional() });
const Case = z.object({
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
});
const Corpus = z.object({ now: z.string(), timezone: z.string(), utterances: z.array(Case), dialogues: z.array(Case) });
type Case = z.infer<typeof Case>;

const DIR = path.resolve(import.meta.dirname, "../eval/conversations");
const FILES = { tuned: "corpus.json", "held-out": "held-out.json" } as const;
const corpora = Object.fromEntries(Object.entries(FILES).map(([name, file]) => [name, Corpus.parse(JSON.parse(readFileSync(path.join(DIR, file), "utf8")))])) as Record<keyof typeof FILES, z.infer<typeof Corpus>>;

// Settings are read when first used, so these apply to the imports below.
process.env.PLAYGROUND_NOW = corpora.tuned.now;
process.env.CLUB_TIMEZONE = corpora.tuned.timezone;
process.env.PGLITE_DIR = "memory://";
process.env.SIM_LATENCY = "off";
delete process.env.DATABASE_URL;

const { db, closeDb } = await import("@/lib/db/client");
const { resetSchedule } = await import("@/lib/db/seed");
const { book, listBookings } = await import("@/lib/domain/bookings");
const { PATTERNS } = await import("@/lib/patterns");
const { executeRun } = await import("@/lib/patterns/engine");

/** What no reply a member reads may contain (issue 12, section 5), and how long a chat bubble may be. */
const RULES: [string, RegExp][] = [["slot id", /\b\d{4}-\d{2}-\d{2}_Court[A-Z]_\d{4}\b/], ["ISO date", /\b\d{4}-\d{2}-\d{2}\b/]];
const MAX_REPLY = 400;

type Result = { pattern: string; file: string; kind: string; id: string; status: "pass" | "fail" | "needs"; wrong: string[]; problems: string[] };

const args = process.argv.slice(2);
const only = args.includes("--pattern") ? args[args.indexOf("--pattern") + 1]?.toUpperCase() : undefined;
const verbose = args.includes("--verbose");

async function runCase(patternId: string, c: Case, file: string): Promise<Result> {
  const pattern = PATTERNS.find((p) => p.id === patternId)!;
  const nodes = new Set(pattern.graph.nodes.map((n) => n.id));
  const base = { pattern: patternId, file, kind: c.kind, id: c.id, wrong: [] as string[], problems: [] as string[] };
  if (c.needs && !(nodes.has("mine") && (!c.needs.includes("cancel_booking") || nodes.has("cancel")))) return { ...base, status: "needs" };

  await resetSchedule(await db());
  const userId = `eval-${patternId}-${c.id}`;
  for (const slot of c.setup ?? []) await book(userId, slot);
  let sessionId: string | undefined;
  const problems: string[] = [];
  let reply = "";
  for (const [i, t] of c.turns.entries()) {
    const outcome = await executeRun({ pattern: patternId as never, message: t.say, userId, sessionId, options: { forceSim: true, simLatency: "off" }, origin: "http://127.0.0.1:1", signal: new AbortController().signal }, () => {});
    sessionId = outcome.sessionId;
    reply = outcome.reply;
    for (const [name, rule] of RULES) if (rule.test(reply)) problems.push(`turn ${i + 1}: reply shows a ${name}: ${reply}`);
    if (reply.length > MAX_REPLY) problems.push(`turn ${i + 1}: reply is ${reply.length} characters`);
    for (const m of t.must ?? []) if (!new RegExp(m).test(reply)) problems.push(`turn ${i + 1}: reply lacks /${m}/: ${reply}`);
  }
  for (const m of c.must ?? []) if (!new RegExp(m).test(reply)) problems.push(`reply lacks /${m}/: ${reply}`);
  for (const m of c.mustNot ?? []) if (new RegExp(m).test(reply)) problems.push(`reply has /${m}/: ${reply}`);

  const held = (await listBookings(userId)).map((b) => b.slot_id);
  const expected = c.book.map((b) => new RegExp(`^${b}$`));
  const unmatched = [...expected];
  const wrong: string[] = [];
  for (const slot of held) {
    const at = unmatched.findIndex((e) => e.test(slot));
    if (at >= 0) unmatched.splice(at, 1);
    else if (!(c.setup ?? []).includes(slot)) wrong.push(slot);
    else problems.push(`kept ${slot}, which should be cancelled`);
  }
  if (wrong.length) problems.push(`booked what was not asked for: ${wrong.join(", ")}`);
  if (unmatched.length) problems.push(`missing bookings: ${unmatched.map((e) => e.source).join(", ")}`);
  return { ...base, status: problems.length ? "fail" : "pass", wrong, problems };
}

const results: Result[] = [];
const patterns = PATTERNS.map((p) => p.id).filter((id) => !only || id === only);
for (const id of patterns) {
  for (const [file, corpus] of Object.entries(corpora)) {
    for (const c of [...corpus.utterances, ...corpus.dialogues]) results.push(await runCase(id, c, file));
  }
  process.stderr.write(`pattern ${id} done\n`);
}

const pct = (rs: Result[]) => {
  const scored = rs.filter((r) => r.status !== "needs");
  return scored.length ? `${((100 * scored.filter((r) => r.status === "pass").length) / scored.length).toFixed(0)}% (${scored.filter((r) => r.status === "pass").length}/${scored.length})` : "-";
};

const counts = Object.entries(corpora).map(([file, c]) => `${file}: ${c.utterances.length} utterances, ${c.dialogues.length} dialogues`).join("; ");
console.log(`Corpus — ${counts}\n`);
const table = (header: string[], rows: string[][]) => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i])).join("  ");
  console.log([line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n"));
};
table(
  ["pattern", "tuned", "held-out", "wrong bookings", "needs my_bookings/cancel_booking"],
  patterns.map((id) => {
    const of = (file: string) => results.filter((r) => r.pattern === id && r.file === file);
    return [id, pct(of("tuned")), pct(of("held-out")), String(results.filter((r) => r.pattern === id).reduce((n, r) => n + r.wrong.length, 0)), String(results.filter((r) => r.pattern === id && r.status === "needs").length)];
  }),
);
console.log("");
const kinds = [...new Set(results.map((r) => r.kind))].sort();
table(["kind", ...patterns], kinds.map((kind) => [kind, ...patterns.map((id) => {
  const rs = results.filter((r) => r.pattern === id && r.kind === kind);
  return rs.every((r) => r.status === "needs") ? "needs tools" : pct(rs).replace(/ .*/, "");
})]));
const wrong = results.reduce((n, r) => n + r.wrong.length, 0);
console.log(`\nWrong bookings: ${wrong}`);
if (verbose) for (const r of results.filter((x) => x.status === "fail")) console.log(`\n${r.pattern} ${r.file} ${r.id}\n  ${r.problems.join("\n  ")}`);
await closeDb();
