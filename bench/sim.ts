/**
 * Throughput of the simulated model per wire adapter, with latency off, next to a plain JSON echo
 * handler measured in the same run; the brain's own cost per decision; and what a near-1 MB request
 * (the public routes' body limit) costs next to a small one. Run: npm run bench:sim
 */
import { createSim } from "@/lib/sim";
import { decide } from "@/lib/sim/brain";

// Settings are read when first used, so this still applies to the imports above.
process.env.SIM_LATENCY = "off";

const ORIGIN = "http://sim.internal";
const simHandler = createSim("in-process");
/** AWS endpoints want a SigV4 Authorization header, as the AWS SDK sends. */
const SIGNED = {
  authorization:
    "AWS4-HMAC-SHA256 Credential=AKIABENCH00000000001/20261201/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=0",
};
const ASK = "Book court C tomorrow at 3pm please";
const TOOLS = {
  openai: [
    {
      type: "function",
      function: {
        name: "check_availability",
        description: "Free slots",
        parameters: { type: "object", properties: { date: { type: "string" }, time: { type: "string" } } },
      },
    },
  ],
  anthropic: [
    {
      name: "check_availability",
      description: "Free slots",
      input_schema: { type: "object", properties: { date: { type: "string" }, time: { type: "string" } } },
    },
  ],
  bedrock: {
    tools: [
      {
        toolSpec: {
          name: "check_availability",
          description: "Free slots",
          inputSchema: { json: { type: "object", properties: { date: { type: "string" } } } },
        },
      },
    ],
  },
};

type Case = { name: string; path: string; body: (i: number) => unknown };

const CASES: Case[] = [
  {
    name: "OpenAI chat",
    path: "/openai/v1/chat/completions",
    body: () => ({ model: "m", messages: [{ role: "user", content: ASK }], tools: TOOLS.openai }),
  },
  {
    name: "OpenAI chat (stream)",
    path: "/openai/v1/chat/completions",
    body: () => ({ model: "m", messages: [{ role: "user", content: ASK }], tools: TOOLS.openai, stream: true }),
  },
  {
    name: "OpenAI responses",
    path: "/openai/v1/responses",
    body: () => ({ model: "m", input: ASK, tools: TOOLS.openai.map((t) => ({ type: "function", ...t.function })) }),
  },
  { name: "OpenAI responses (stream)", path: "/openai/v1/responses", body: () => ({ model: "m", input: "hello", stream: true }) },
  {
    name: "Anthropic messages",
    path: "/anthropic/v1/messages",
    body: () => ({ model: "c", max_tokens: 500, messages: [{ role: "user", content: ASK }], tools: TOOLS.anthropic }),
  },
  {
    name: "Anthropic messages (stream)",
    path: "/anthropic/v1/messages",
    body: () => ({ model: "c", max_tokens: 500, messages: [{ role: "user", content: "hello" }], stream: true }),
  },
  {
    name: "Bedrock converse",
    path: "/bedrock/model/m/converse",
    body: () => ({ messages: [{ role: "user", content: [{ text: ASK }] }], toolConfig: TOOLS.bedrock }),
  },
  {
    name: "Bedrock converse-stream",
    path: "/bedrock/model/m/converse-stream",
    body: () => ({ messages: [{ role: "user", content: [{ text: "hello" }] }] }),
  },
  {
    name: "Bedrock InvokeAgent",
    path: "/bedrock-agent/agents/A/agentAliases/B/sessions/bench",
    body: () => ({ inputText: "hello", enableTrace: true }),
  },
];

/** What any HTTP handler costs at least: parse a JSON body, answer with JSON. */
async function echo(req: Request): Promise<Response> {
  return new Response(JSON.stringify(await req.json()), { headers: { "content-type": "application/json" } });
}

async function callsPerSecond(handler: (req: Request) => Promise<Response>, c: Case, ms = 700): Promise<number> {
  const call = async (i: number) => {
    const res = await handler(
      new Request(`${ORIGIN}${c.path}${c.path.includes("/sessions/") ? `-${i}/text` : ""}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...SIGNED },
        body: JSON.stringify(c.body(i)),
      }),
    );
    await res.arrayBuffer();
  };
  for (let i = 0; i < 50; i++) await call(i);
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < ms) await call(n++);
  return n / ((performance.now() - started) / 1000);
}

const baseline = await callsPerSecond(echo, CASES[0]);
const rows = [["baseline: JSON echo", baseline.toFixed(0), (1000 / baseline).toFixed(3), "1.00"]];
for (const c of CASES) {
  const rate = await callsPerSecond(simHandler, c);
  rows.push([c.name, rate.toFixed(0), (1000 / rate).toFixed(3), (baseline / rate).toFixed(2)]);
}

// The model learns today's date and the courts from its prompt, as every pattern gives them.
const SYSTEM =
  "You are the booking assistant of a tennis club.\nToday is Tuesday 1 December 2026 (2026-12-01), the time is 10:30 (Europe/Amsterdam).\nCourts: Court A (hard, outdoor), Court B (hard, outdoor), Court C (clay, outdoor), Court D (hard, indoor).\nSlots are 60 minutes and start on the hour, the first at 07:00 and the last at 21:00 (the club closes at 22:00). Members can book up to 14 days ahead.";
const conv = { system: SYSTEM, messages: [{ role: "user" as const, text: ASK }], tools: TOOLS.openai.map((t) => t.function) };
for (let i = 0; i < 200; i++) decide(conv);
const N = 2000;
const started = performance.now();
for (let i = 0; i < N; i++) decide(conv);
const brainMs = (performance.now() - started) / N;

const header = ["adapter (latency off, in-process)", "calls/s", "ms/call", "× baseline cost"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r: string[]) => r.map((cell, i) => (i ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join("  ");
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
rows.forEach((r) => console.log(line(r)));
console.log(`\nbrain: ${brainMs.toFixed(3)} ms per decision (target < 1 ms)`);

// A request just under the public body limit, through the public handler: the model reads a bounded
// part of it, so it should cost a small multiple of a small request, not thousands of times more.
const publicSim = createSim("public");
const nearlyMB = 1024 * 1024 - 4096;
const LARGE: [string, string][] = [
  ["small chat request", ASK],
  ["1 MB of chat text", `${ASK}. `.repeat(Math.floor(nearlyMB / (ASK.length + 2)))],
  ["1 MB of dates and times", "tomorrow at 3pm ".repeat(Math.floor(nearlyMB / 16))],
];
async function msPerCall(content: string, n = 7): Promise<number> {
  const body = JSON.stringify({ model: "m", messages: [{ role: "user", content }], tools: TOOLS.openai });
  const times: number[] = [];
  for (let i = 0; i < n + 2; i++) {
    const started = performance.now();
    const res = await publicSim(
      new Request(`${ORIGIN}/openai/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body }),
    );
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    await res.arrayBuffer();
    if (i >= 2) times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}
const small = await msPerCall(LARGE[0][1], 50);
console.log(`\n${"request (public handler, latency off)".padEnd(40)}  ${"ms/call".padStart(8)}  × small`);
for (const [name, content] of LARGE) {
  const ms = name === LARGE[0][0] ? small : await msPerCall(content);
  console.log(`${name.padEnd(40)}  ${ms.toFixed(2).padStart(8)}  ${(ms / small).toFixed(1)}`);
}
