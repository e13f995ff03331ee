/**
 * Runs the conversation corpus (eval/conversations/*.json) through all eight patterns on the
 * simulated model, each case against a freshly seeded in-memory schedule with the clock pinned, and
 * prints a score per pattern and per kind, the held-out file beside the tuned one, and the number of
 * wrong bookings (a booking the member did not ask for). Cases that need the member-bound tools
 * (my_bookings, cancel_booking) are reported apart while a pattern does not have them yet.
 *
 * Run: npm run eval:conversations [-- --pattern A,D] [-- --case range-01,d-cancel-02] [-- --verbose]. C and G's services are hosted
 * on 127.0.0.1:4601 (EVAL_SERVICES_PORT) for the run.
 */
import { CORPUS_FILES, judge, loadCorpus, type Case } from "@/eval/conversations/judge";

const corpora = Object.fromEntries(Object.keys(CORPUS_FILES).map((name) => [name, loadCorpus(name as keyof typeof CORPUS_FILES)]));

// Settings are read when first used, so these apply to the imports below.
process.env.PLAYGROUND_NOW = corpora.tuned!.now;
process.env.CLUB_TIMEZONE = corpora.tuned!.timezone;
process.env.PGLITE_DIR = "memory://";
process.env.SIM_LATENCY = "off";
delete process.env.DATABASE_URL;

const { db, closeDb } = await import("@/lib/db/client");
const { resetSchedule } = await import("@/lib/db/seed");
const { book, listBookings } = await import("@/lib/domain/bookings");
const { PATTERNS } = await import("@/lib/patterns");
const { executeRun } = await import("@/lib/patterns/engine");
const { SERVICES } = await import("@/lib/services");
const { SERVICE_NAMES } = await import("@/lib/services/contracts");
const { urlSetting } = await import("@/lib/services/client");
const { listenServices } = await import("@/lib/services/node-server");

// C and G reach their services over HTTP: host them on a loopback port of this process.
const services = await listenServices(SERVICES, Number(process.env.EVAL_SERVICES_PORT ?? 4601));
for (const name of SERVICE_NAMES) process.env[urlSetting(name)] = services.url;

type Result = { pattern: string; file: string; kind: string; id: string; status: "pass" | "fail" | "needs"; wrong: string[]; problems: string[] };

const args = process.argv.slice(2);
const only = args.includes("--pattern") ? args[args.indexOf("--pattern") + 1]?.toUpperCase().split(",") : undefined;
const cases = args.includes("--case") ? args[args.indexOf("--case") + 1]?.split(",") : undefined;
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
  const replies: string[] = [];
  for (const t of c.turns) {
    const outcome = await executeRun({ pattern: patternId as never, message: t.say, userId, sessionId, options: { forceSim: true, simLatency: "off" }, origin: "http://127.0.0.1:1", signal: new AbortController().signal }, () => {});
    sessionId = outcome.sessionId;
    replies.push(outcome.reply);
  }
  const verdict = judge(c, replies, (await listBookings(userId)).map((b) => b.slot_id));
  return { ...base, status: verdict.ok ? "pass" : "fail", wrong: verdict.wrong, problems: verdict.problems };
}

const results: Result[] = [];
const patterns = PATTERNS.map((p) => p.id).filter((id) => !only || only.includes(id));
for (const id of patterns) {
  for (const [file, corpus] of Object.entries(corpora)) {
    for (const c of [...corpus.utterances, ...corpus.dialogues]) if (!cases || cases.includes(c.id)) results.push(await runCase(id, c, file));
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
// Per kind, tuned and held-out apart: "100/91" is 100% on the tuned cases of that kind, 91% on the held-out ones.
const kinds = [...new Set(results.map((r) => r.kind))].sort();
const files = Object.keys(corpora);
console.log(`Per kind: ${files.join(" / ")}`);
table(["kind", ...patterns], kinds.map((kind) => [kind, ...patterns.map((id) => files.map((file) => {
  const rs = results.filter((r) => r.pattern === id && r.kind === kind && r.file === file);
  return rs.length && rs.every((r) => r.status === "needs") ? "needs" : pct(rs).replace(/%? .*/, "");
}).join("/"))]));
const wrong = results.reduce((n, r) => n + r.wrong.length, 0);
console.log(`\nWrong bookings: ${wrong}`);
if (verbose) for (const r of results.filter((x) => x.status === "fail")) console.log(`\n${r.pattern} ${r.file} ${r.id}\n  ${r.problems.join("\n  ")}`);
await closeDb();
services.server.close();
