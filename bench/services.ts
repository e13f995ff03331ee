/**
 * What a process boundary costs: C and G through POST /api/chat, their services reached over real
 * HTTP on loopback, against their one-process twins B and F on the same simulated model (latency
 * off). The difference, divided by the hops a run makes, is the cost of one hop: token, traceparent,
 * JSON both ways, the service's own clients and emitter, and merging its events into the run.
 */
import type { PatternId } from "@/lib/patterns/types";
import { SERVICES, SERVICE_NAMES } from "@/lib/patterns/services";
import { urlSetting } from "@/lib/services/client";
import { listenServices } from "@/lib/services/node-server";
import { RUNS, measureEngine } from "./measure";

export type Row = {
  pattern: PatternId;
  runs: number;
  msPerRun: number;
  bareMsPerRun: number;
  ratio: number;
  firstEventMs: number;
  msPerHop: number;
};

const TWINS = [
  ["C", "B"],
  ["G", "F"],
] as const;

export async function benchServices(): Promise<Row[]> {
  process.env.SIM_LATENCY = "off";
  const { server, url } = await listenServices(SERVICES);
  const settings = SERVICE_NAMES.map((name) => [urlSetting(name), process.env[urlSetting(name)]] as const);
  for (const [key] of settings) process.env[key] = url;
  try {
    const rows: Row[] = [];
    for (const [pattern, twin] of TWINS) {
      const apart = await measure(pattern);
      const together = await measure(twin);
      rows.push({
        pattern,
        runs: RUNS,
        msPerRun: apart.msPerRun,
        bareMsPerRun: together.msPerRun,
        ratio: apart.msPerRun / together.msPerRun,
        firstEventMs: apart.firstEventMs,
        msPerHop: (apart.msPerRun - together.msPerRun) / apart.hopsPerRun,
      });
    }
    return rows;
  } finally {
    for (const [key, value] of settings) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await new Promise((resolve) => server.close(resolve));
  }
}

async function measure(pattern: PatternId) {
  let hops = 0;
  const timing = await measureEngine(pattern, (e) => {
    if (e.type === "http.request") hops++;
  });
  return { ...timing, hopsPerRun: hops / RUNS };
}
