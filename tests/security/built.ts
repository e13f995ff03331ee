import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";

/**
 * The built app, as people run it: `next build` once (again only when a source file is newer than
 * the build), then `next start` on a free loopback port with its own embedded database folder.
 */
const ROOT = process.cwd();
const SOURCES = ["app", "lib", "components", "proxy.ts", "instrumentation.ts", "next.config.mjs", "package.json"];
const LOCK = path.join(ROOT, ".next-build.lock");

export const SERVER_ENV: Record<string, string> = {
  NEXT_TELEMETRY_DISABLED: "1",
  PLAYGROUND_NOW: "2026-12-01T10:30:00",
  CLUB_TIMEZONE: "Europe/Amsterdam",
  SESSION_SECRET: "built-server-secret-long-enough",
  RATE_LIMIT_MEMBER_PER_MIN: "0",
  RATE_LIMIT_ADDRESS_PER_MIN: "0",
};

function newest(entry: string): number {
  const full = path.join(ROOT, entry);
  const stat = statSync(full, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(full).map((child) => newest(path.join(entry, child))));
}

/** Builds unless .next holds a build newer than every source; one build at a time across test files. */
export async function ensureBuilt(): Promise<void> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      await delay(1000);
    }
  }
  try {
    const built = statSync(path.join(ROOT, ".next", "BUILD_ID"), { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (built > Math.max(...SOURCES.map(newest))) return;
    const build = spawnSync("npx", ["next", "build"], { cwd: ROOT, env: { ...process.env, ...SERVER_ENV } as NodeJS.ProcessEnv, encoding: "utf8" });
    if (build.status !== 0) throw new Error(`next build failed:\n${build.stdout}\n${build.stderr}`);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export type Started = { proc: ChildProcess; base: string; output: () => string };

/** Starts a command that serves the app on `port` and waits until /api/health answers. */
export async function serve(command: string, args: string[], port: number, env: Record<string, string>): Promise<Started> {
  const proc: ChildProcess = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...SERVER_ENV, ...env } as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  proc.stdout!.on("data", (chunk: Buffer) => { output += chunk; });
  proc.stderr!.on("data", (chunk: Buffer) => { output += chunk; });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`the server exited (${proc.exitCode}):\n${output}`);
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    if (ok) return { proc, base, output: () => output };
    await delay(250);
  }
  proc.kill("SIGKILL");
  throw new Error(`the server did not answer within 120 s:\n${output}`);
}

export function nextStart(port: number, env: Record<string, string>): Promise<Started> {
  return serve(path.join(ROOT, "node_modules", ".bin", "next"), ["start", "-H", "127.0.0.1", "-p", String(port)], port, env);
}

/** Resolves when the process has exited (at once if it already has). */
export function exited(proc: ChildProcess): Promise<void> {
  return proc.exitCode !== null || proc.signalCode !== null ? Promise.resolve() : new Promise((resolve) => proc.once("exit", () => resolve()));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
