/**
 * The workload bench/runtimes.ts times under each Node.js: the simulated model's brain, one wire
 * adapter, and whole runs of a workflow (B) and an agent (E) through POST /api/chat. Prints JSON.
 */
import { closeDb } from "@/lib/db/client";
import { createSim } from "@/lib/sim";
import { decide } from "@/lib/sim/brain";
import { measureEngine, msPerRun } from "./measure";

process.env.SIM_LATENCY = "off";
process.env.PGLITE_DIR ??= "memory://";

const ASK = "Book court C tomorrow at 3pm please";
const simHandler = createSim("in-process");
const conversation = {
  messages: [{ role: "user" as const, text: ASK }],
  tools: [{ name: "check_availability", description: "Free slots" }],
};
const completion = () =>
  simHandler(
    new Request("http://sim.internal/openai/v1/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "m", messages: [{ role: "user", content: ASK }] }),
    }),
  ).then((res) => res.arrayBuffer());

const brainMs = await msPerRun(async () => {
  for (let i = 0; i < 100; i++) decide(conversation);
}, 20);
const completionMs = await msPerRun(async () => {
  for (let i = 0; i < 20; i++) await completion();
}, 20);
const workflowMs = (await measureEngine("B")).msPerRun;
const agentMs = (await measureEngine("E")).msPerRun;
await closeDb();
console.log(
  JSON.stringify({
    version: process.version,
    "brain ×100": brainMs,
    "OpenAI chat completion ×20": completionMs,
    "run of B (workflow)": workflowMs,
    "run of E (agent)": agentMs,
  }),
);
