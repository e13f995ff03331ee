/**
 * UI render cost: the built app in headless Chromium, fed 1,000 synthetic trace events of a long
 * pattern-D run in batches through the page's own reducer and components (window.feedTraceEvents
 * renders synchronously), timing each batch against one 60 Hz frame; plus the main page's
 * first-load JavaScript, gzipped, against its budget. Numbers and ratios only, no assertions.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import type { TraceEvent, TraceEventInput } from "@/lib/trace/events";

const EVENTS = 1000;
const BATCH = 20;
const FRAME_MS = 16;
const JS_BUDGET_KB = 250;

/** A long D run: many loop rounds, each with a streamed model call, a tool call and decisions. */
function syntheticRun(count: number): TraceEvent[] {
  const runId = "run_bench";
  const events: TraceEventInput[] = [
    { type: "run.start", pattern: "D", sessionId: "ses_bench0001", input: "Book court B tomorrow at 3pm", vendors: { openai: "sim" } },
    { type: "edge", from: "user", to: "loop", label: "message" },
    { type: "node.start", node: "loop" },
  ];
  for (let round = 1; events.length < count - 4; round++) {
    const tool = round % 2 ? "check" : "book";
    events.push(
      { type: "state", node: "loop", state: { round, maxRounds: 999 } },
      { type: "edge", from: "loop", to: "llm", label: `round ${round}` },
      { type: "node.start", node: "llm" },
      {
        type: "llm.request",
        node: "llm",
        vendor: "openai",
        model: "gpt-sim",
        live: false,
        messages: [{ role: "user", text: "Book court B tomorrow at 3pm" }],
        tools: ["check_availability", "book_slot"],
      },
      ...Array.from({ length: 6 }, (_, i) => ({ type: "llm.delta" as const, node: "llm", text: `token ${i} ` })),
      {
        type: "llm.response",
        node: "llm",
        toolCalls: [{ id: `c${round}`, name: tool, args: { date: "2026-12-02" } }],
        usage: { inputTokens: 400, outputTokens: 20 },
        ms: 3,
      },
      { type: "node.end", node: "llm", ok: true, ms: 3 },
      { type: "decision", node: "llm", by: "llm", choice: tool },
      { type: "decision", node: "loop", by: "code", choice: `execute ${tool}` },
      { type: "edge", from: "loop", to: tool },
      { type: "node.start", node: tool },
      { type: "tool.call", node: tool, tool, callId: `c${round}`, args: { date: "2026-12-02" } },
      { type: "node.start", node: "db" },
      { type: "node.end", node: "db", ok: true, ms: 1 },
      { type: "tool.result", node: tool, tool, callId: `c${round}`, result: { free_slots: [] }, ms: 1 },
      { type: "node.end", node: tool, ok: true, ms: 2 },
      { type: "edge", from: tool, to: "loop" },
    );
  }
  events.length = count - 4;
  events.push(
    { type: "node.end", node: "loop", ok: true, ms: 900 },
    { type: "message.delta", text: "Done." },
    { type: "message", text: "Done! Court B is booked for you tomorrow at 15:00." },
    {
      type: "run.end",
      status: "ok",
      metrics: {
        ms: 900,
        llmCalls: 40,
        toolCalls: 40,
        httpCalls: 0,
        inputTokens: 16000,
        outputTokens: 800,
        costUsd: 0.01,
        decisions: { code: 40, llm: 40, aws: 0 },
      },
    },
  );
  return events.map((e, i) => ({ ...e, runId, seq: i + 1, t: i }) as TraceEvent);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitForHealth(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the app did not answer at ${url} within ${timeoutMs / 1000} s`);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

if (!existsSync(".next/BUILD_ID")) {
  const built = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (built.status !== 0) throw new Error("next build failed");
}

// BENCH_PORT pins the port where several people share a machine; otherwise any free one.
const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn("npx", ["next", "start", "-H", "127.0.0.1", "-p", String(port)], {
  env: {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    PGLITE_DIR: "memory://",
    SIM_LATENCY: "off",
    SESSION_SECRET: process.env.SESSION_SECRET ?? "bench-secret-that-is-long-enough",
  },
  stdio: "ignore",
  detached: true,
});
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
try {
  await waitForHealth(base, 60_000);
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${base}/?p=D`, { waitUntil: "load" });
  await page.waitForSelector(".react-flow__node[data-state]");

  const scripts = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .map((e) => e.name)
      .filter((name) => /\.js(\?|$)/.test(name)),
  );
  let gzipBytes = 0;
  for (const src of scripts) gzipBytes += gzipSync(Buffer.from(await (await fetch(src)).arrayBuffer()), { level: 9 }).length;
  const jsKb = gzipBytes / 1024;

  await page.getByTestId("tab-inspector").click();
  const events = syntheticRun(EVENTS);
  const batches: TraceEvent[][] = [];
  for (let i = 0; i < events.length; i += BATCH) batches.push(events.slice(i, i + BATCH));
  const timings = await page.evaluate(async (all) => {
    const out: { sync: number; frame: number }[] = [];
    for (const batch of all) {
      const started = performance.now();
      window.feedTraceEvents!(batch);
      const sync = performance.now() - started;
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      out.push({ sync, frame: performance.now() - started });
    }
    return out;
  }, batches);
  const nodesDone = await page.locator('.react-flow__node[data-state="done"]').count();

  const sync = timings.map((t) => t.sync).sort((a, b) => a - b);
  const frame = timings.map((t) => t.frame).sort((a, b) => a - b);
  const mean = sync.reduce((a, b) => a + b, 0) / sync.length;
  const row = (label: string, values: number[]) =>
    `${label.padEnd(34)} median ${percentile(values, 0.5).toFixed(2).padStart(6)} ms  p95 ${percentile(values, 0.95).toFixed(2).padStart(6)} ms  max ${values.at(-1)!.toFixed(2).padStart(6)} ms`;
  console.log(
    `UI render cost: ${EVENTS} events in ${batches.length} batches of ${BATCH}, pattern D graph, inspector open (${nodesDone} nodes done at the end)`,
  );
  console.log(row("reducer + render + commit", sync));
  console.log(row("until the next frame", frame));
  console.log(
    `mean ${mean.toFixed(2)} ms per batch = ${(mean / FRAME_MS).toFixed(2)} × the ${FRAME_MS} ms frame budget (p95 ${(percentile(sync, 0.95) / FRAME_MS).toFixed(2)} ×)`,
  );
  console.log(
    `first-load JavaScript of / : ${jsKb.toFixed(1)} KB gzipped in ${scripts.length} files = ${(jsKb / JS_BUDGET_KB).toFixed(2)} × the ${JS_BUDGET_KB} KB budget`,
  );
} finally {
  await browser.close();
  if (server.pid) process.kill(-server.pid);
}
