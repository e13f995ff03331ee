import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import type { PatternGraph } from "@/lib/patterns/graph";
import { PATTERN_IDS } from "@/lib/patterns/types";
import { TraceEvent, type Decider } from "@/lib/trace/events";

/**
 * The trace on the built server, for the life of the process. Every pattern runs through POST
 * /api/chat, then every page and every API route is requested, so each bundle the server has gets
 * loaded (a second bundled copy of the Agents SDK, loaded after the first run, once displaced the
 * app's trace processor and left E, F and G without a trace), then every pattern runs again. Each
 * run's SSE stream must show what really ran.
 */

type PatternEntry = { id: string; decider: Decider; graph: PatternGraph };

const PAGES = ["/", "/?p=E", "/compare", "/runs/no-such-run"];
/** Values for the dynamic segments of the API routes, so each one can be requested. */
const SEGMENTS: Record<string, string> = { "[id]": "E", "[...path]": "models" };
const LLM_KINDS = new Set(["llm", "agent", "managed"]);

/** Every route handler under app/api as a URL, its dynamic segments filled in. */
function apiRoutes(dir = path.join(process.cwd(), "app/api"), url = "/api"): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isFile()) return entry.name === "route.ts" ? [url] : [];
    const segment = SEGMENTS[entry.name] ?? (entry.name.startsWith("[") ? "x" : entry.name);
    return apiRoutes(path.join(dir, entry.name), `${url}/${segment}`);
  });
}

async function runPattern(request: APIRequestContext, pattern: string, message: string): Promise<TraceEvent[]> {
  const res = await request.post("/api/chat", { data: { pattern, message } });
  expect(res.status()).toBe(200);
  const body = await res.text();
  return body
    .split("\n")
    .filter((line) => line.startsWith("data: "))
    .map((line) => TraceEvent.parse(JSON.parse(line.slice(6))));
}

async function expectTruthfulRuns(request: APIRequestContext, round: string) {
  const patterns: PatternEntry[] = (await (await request.get("/api/patterns")).json()).patterns;
  expect(patterns.map((p) => p.id)).toEqual([...PATTERN_IDS]);
  for (const pattern of patterns) {
    await request.post("/api/admin/reset");
    const events = await runPattern(request, pattern.id, "Book a court tomorrow at 3pm");
    expectTruthfulTrace(events, pattern, `${round}, pattern ${pattern.id}`);
  }
}

function expectTruthfulTrace(events: TraceEvent[], pattern: PatternEntry, where: string) {
  const kinds = new Map(pattern.graph.nodes.map((n) => [n.id, n.kind]));
  const end = events.at(-1);
  expect(end?.type, where).toBe("run.end");
  if (end?.type !== "run.end") return;
  expect(end.status, where).toBe("ok");

  const requests = events.filter((e) => e.type === "llm.request");
  expect(requests.length, `${where}: llm.request events`).toBeGreaterThan(0);
  for (const r of requests) expect(kinds.get(r.node), `${where}: llm.request on ${r.node}`).toBeDefined();
  expect(end.metrics.llmCalls, where).toBe(requests.length);
  expect(end.metrics.inputTokens + end.metrics.outputTokens, `${where}: tokens`).toBeGreaterThan(0);
  expect(end.metrics.decisions[pattern.decider], `${where}: decisions by ${pattern.decider}`).toBeGreaterThan(0);
  expect(events.filter((e) => e.type === "decision" && e.by === pattern.decider).length, where).toBe(
    end.metrics.decisions[pattern.decider],
  );

  // Every node that started ended, as often as it started.
  const starts = new Map<string, number>();
  const ends = new Map<string, number>();
  for (const e of events) {
    if (e.type === "node.start") starts.set(e.node, (starts.get(e.node) ?? 0) + 1);
    if (e.type === "node.end") ends.set(e.node, (ends.get(e.node) ?? 0) + 1);
  }
  expect(Object.fromEntries(ends), `${where}: node.end per node.start`).toEqual(Object.fromEntries(starts));

  // The model and agent nodes on the path taken were lit: every one that made a model call or
  // that an edge or handoff reached.
  const reached = new Set(requests.map((r) => r.node));
  for (const e of events) {
    if (e.type === "edge" || e.type === "handoff") for (const n of [e.from, e.to]) if (LLM_KINDS.has(kinds.get(n) ?? "")) reached.add(n);
  }
  for (const node of reached) expect(starts.get(node) ?? 0, `${where}: ${node} lit`).toBeGreaterThan(0);
}

test("every pattern's trace shows what ran, before and after every page and API route has been loaded", async ({ page, request }) => {
  test.setTimeout(300_000);
  await expectTruthfulRuns(request, "first runs");
  for (const url of PAGES) {
    const res = await page.goto(url);
    expect(res?.status(), url).toBeLessThan(500);
  }
  const routes = apiRoutes();
  expect(routes).toContain("/api/chat");
  for (const url of routes) {
    const res = await request.get(url);
    expect(res.status(), url).toBeLessThan(500);
  }
  await expectTruthfulRuns(request, "after loading every page and route");
});
