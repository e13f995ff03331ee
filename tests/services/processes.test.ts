import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "services-in-processes-test-secret";
import { closeDb } from "@/lib/db/client";
import { SERVICES } from "@/lib/services";
import { urlSetting } from "@/lib/services/client";
import type { ServiceName } from "@/lib/services/contracts";
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
    services = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/services.ts", "--port", "0"], { detached: true, env: process.env, stdio: ["ignore", "pipe", "inherit"] });
    const settings = await new Promise<string[]>((resolve, reject) => {
      const found: string[] = [];
      services!.once("exit", (code) => reject(new Error(`scripts/services.ts exited with ${code}`)));
      createInterface({ input: services!.stdout! }).on("line", (line) => {
        if (/^SERVICE_\w+_URL=/.test(line)) found.push(line);
        if (found.length === Object.keys(SERVICES).length) resolve(found);
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

  it("puts every service on its own port, and books through them into the shared database", async () => {
    const ports = new Set(Object.keys(SERVICES).map((name) => new URL(process.env[urlSetting(name as ServiceName)]!).port));
    expect(ports.size).toBe(Object.keys(SERVICES).length);
    const t = await turn("C", "Book me a court for tomorrow at 3pm", { userId: "distributed" });
    expect(t.status).toBe("ok");
    const responses = t.events.filter((e) => e.type === "http.response");
    expect(responses.map((e) => new URL(e.url).port)).toEqual([...ports]);
    expect(responses.every((e) => e.status === 200)).toBe(true);
    expect(t.events).toContainEqual(expect.objectContaining({ type: "tool.result", node: "book" }));
    expect(await bookingsOf("distributed")).toMatchObject([{ date: "2026-12-02", time: "15:00" }]);
  }, 60_000);
});
