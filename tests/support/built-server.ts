import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";

/**
 * The production build, as a workshop runs it (`npm run build && npm start`), for tests that must
 * see what users see. The build is made once and reused while no source is newer than it; test
 * files in parallel workers wait for one another's build instead of writing .next together.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const BUILD_ID = path.join(ROOT, ".next", "BUILD_ID");
const LOCK = path.join(ROOT, ".next-build.lock");
const SOURCES = ["app", "components", "lib", "instrumentation.ts", "proxy.ts", "next.config.mjs", "package.json"];

export async function ensureBuilt(): Promise<void> {
  while (!tryLock()) await delay(500);
  try {
    if (isFresh()) return;
    const build = spawnSync("npm", ["run", "build"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${(build.stdout + build.stderr).slice(-4000)}`);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function tryLock(): boolean {
  try {
    mkdirSync(LOCK);
    return true;
  } catch {
    // A lock left by a killed test run goes stale after ten minutes.
    if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })!.mtimeMs > 600_000) rmSync(LOCK, { recursive: true, force: true });
    return false;
  }
}

function isFresh(): boolean {
  const built = statSync(BUILD_ID, { throwIfNoEntry: false })?.mtimeMs;
  return built !== undefined && SOURCES.every((source) => newest(path.join(ROOT, source)) < built);
}

function newest(file: string): number {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(file).map((name) => newest(path.join(file, name))));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export type BuiltServer = { url: string; port: number; child: ChildProcess; logs: string[]; stop(): Promise<void> };

/**
 * Starts the built app the way its README says (`npm start`), from a shell whose PATH is the
 * machine's own (no node_modules/.bin), so the test sees the runtime a user gets.
 */
export async function startBuiltServer(env: Record<string, string> = {}): Promise<BuiltServer> {
  const port = await freePort();
  const machinePath = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => !dir.includes(`node_modules${path.sep}.bin`))
    .join(path.delimiter);
  const child = spawn("npm", ["start", "--", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: ROOT,
    detached: true,
    env: {
      ...process.env,
      PATH: machinePath,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PGLITE_DIR: "memory://",
      SIM_LATENCY: "off",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  for (const stream of [child.stdout!, child.stderr!])
    stream.on("data", (chunk: Buffer) => logs.push(...chunk.toString().split("\n").filter(Boolean)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || !child.pid) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid, "SIGTERM");
    await Promise.race([exited, delay(10_000).then(() => child.pid && process.kill(-child.pid, "SIGKILL"))]);
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode}:\n${logs.join("\n")}`);
    const up = await fetch(`${url}/api/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (up) return { url, port, child, logs, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The server did not answer /api/health within 120 s:\n${logs.join("\n")}`);
    }
    await delay(250);
  }
}
