import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "services-in-processes-test-secret";
import { closeDb } from "@/lib/db/client";
import { urlSetting } from "@/lib/services/client";
import { SERVICE_NAMES, type ServiceName } from "@/lib/patterns/services";
import type { TraceEvent } from "@/lib/trace/events";
import { freshDb } from "../helpers";
import { bookingsOf, turn } from "../patterns/harness";
import { postgresBinDir, startPostgres } from "../postgres";

/**
 * The real deployment shape: `npm run services` starts each service in its own Node process on its
 * own port, over one PostgreSQL shared with this process (the app), and C runs through them.
 */
describe.runIf(Boolean(postgresBinDir()) || process.env.CI === "true")("services as separate processes", () => {
  let services: ChildProcess | undefined;
  let stopPostgres = () => {};

  beforeAll(async () => {
    const pg = await startPostgres();
    stopPostgres = pg.stop;
    process.env.DATABASE_URL = pg.url;
    await freshDb();
    services = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/services.ts", "--port", "0"], {
      detached: true,
      env: process.env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const settings = await new Promise<string[]>((resolve, reject) => {
      const found: string[] = [];
      services!.once("exit", (code) => reject(new Error(`scripts/services.ts exited with ${code}`)));
      createInterface({ input: services!.stdout! }).on("line", (line) => {
        if (/^SERVICE_\w+_URL=/.test(line)) found.push(line);
        if (found.length === SERVICE_NAMES.length) resolve(found);
      });
    });
    for (const line of settings) process.env[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
  }, 120_000);

  afterAll(async () => {
    // The supervisor and its service processes share a process group: end exactly that group.
    if (services?.pid) process.kill(-services.pid, "SIGTERM");
    await closeDb();
    stopPostgres();
  });

  const portOf = (name: ServiceName) => new URL(process.env[urlSetting(name)]!).port;
  const hopPorts = (events: TraceEvent[]) =>
    events.flatMap((e) => (e.type === "http.response" && e.status === 200 ? [new URL(e.url).port] : []));

  it("puts every service on its own port, and runs C through them into the shared database", async () => {
    expect(new Set(SERVICE_NAMES.map(portOf)).size).toBe(SERVICE_NAMES.length);
    const t = await turn("C", "Book me a court for tomorrow at 3pm", { userId: "distributed" });
    expect(t.status).toBe("ok");
    expect(hopPorts(t.events)).toEqual((["parse", "availability", "booking"] as const).map(portOf));
    expect(t.events).toContainEqual(expect.objectContaining({ type: "tool.result", node: "book" }));
    expect(await bookingsOf("distributed")).toMatchObject([{ date: "2026-12-02", time: "15:00" }]);
  }, 60_000);

  it("runs G's specialists in their own processes too", async () => {
    const t = await turn("G", "Book court D tomorrow at 8pm", { userId: "delegated" });
    expect(t.status).toBe("ok");
    expect(hopPorts(t.events)).toEqual((["availability-agent", "booking-agent"] as const).map(portOf));
    expect((await bookingsOf("delegated")).map((b) => b.slot_id)).toEqual(["2026-12-02_CourtD_2000"]);
  }, 60_000);
});
