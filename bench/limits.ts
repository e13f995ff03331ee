/**
 * What rate limiting costs a run: K members, all behind one address (no proxy: the address bucket
 * every request shares, the hot row of issue 30), each sending runs back to back through POST
 * /api/chat's handler, with the limits on (allowances too large to refuse anything) against off,
 * rounds alternating so the machine's drift falls on both (with the embedded database the buckets
 * are in memory). Then what one check costs in the one-statement store PostgreSQL deployments use,
 * measured here on PGlite. Run: npm run bench:limits
 */
import * as chat from "@/app/api/chat/route";
import { drawInDatabase } from "@/lib/http/rate-limit";
import { SESSION_COOKIE } from "@/lib/http/session";
import { sign } from "@/lib/signing";
import { ASK } from "./measure";

process.env.SIM_LATENCY = "off";
if (!process.env.DATABASE_URL && !process.env.PGLITE_DIR) process.env.PGLITE_DIR = "memory://";

const MEMBERS = 16;
const RUNS_EACH = 6;
const ROUNDS = 3;
const CHECKS = 2000;

async function run(member: string): Promise<void> {
  const res = await chat.POST(
    new Request("http://127.0.0.1:1/api/chat", {
      method: "POST",
      body: JSON.stringify({ pattern: "D", message: ASK, options: { forceSim: true, simLatency: "off" } }),
      headers: { "content-type": "application/json", cookie: `${SESSION_COOKIE}=${sign(member)}` },
    }),
    { params: Promise.resolve({}) } as never,
  );
  if (res.status !== 200) throw new Error(`run refused: ${res.status}`);
  await res.arrayBuffer();
}

let round = 0;
async function runsPerSecond(limits: boolean): Promise<number> {
  process.env.RATE_LIMIT_MEMBER_PER_MIN = limits ? "1000000" : "0";
  process.env.RATE_LIMIT_ADDRESS_PER_MIN = limits ? "100000000" : "0";
  round++;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: MEMBERS }, async (_, m) => {
      for (let i = 0; i < RUNS_EACH; i++) await run(`bench-limits-${round}-${m}`);
    }),
  );
  return (MEMBERS * RUNS_EACH * 1000) / (performance.now() - started);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(
  `Pattern D through POST /api/chat, ${MEMBERS} members behind one address, ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`,
);
await runsPerSecond(false);
const off: number[] = [];
const on: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  off.push(await runsPerSecond(false));
  on.push(await runsPerSecond(true));
}
console.log(`limits off  ${median(off).toFixed(1).padStart(6)} runs/s  (rounds: ${off.map((x) => x.toFixed(1)).join(", ")})`);
console.log(`limits on   ${median(on).toFixed(1).padStart(6)} runs/s  (rounds: ${on.map((x) => x.toFixed(1)).join(", ")})`);
console.log(`on / off    ${(median(on) / median(off)).toFixed(2)}×`);

const started = performance.now();
for (let i = 0; i < CHECKS; i++) await drawInDatabase("address:bench", 1_000_000);
const databaseMs = (performance.now() - started) / CHECKS;
console.log(`one check in the database (PostgreSQL's store; here PGlite): ${databaseMs.toFixed(3)} ms`);
process.exit(0);
