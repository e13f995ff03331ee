import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, exited, freePort, isAlive, nextStart, serve, type Started } from "./built";

/** Issue 10, items 10 and 15, against the built server: security headers, and `npm start` stops on SIGTERM. */
const dir = mkdtempSync(path.join(tmpdir(), "playground-server-"));
const started: Started[] = [];

beforeAll(async () => { await ensureBuilt(); }, 600_000);
afterAll(async () => {
  for (const s of started) {
    s.proc.kill("SIGKILL");
    await exited(s.proc);
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("security headers (item 10)", () => {
  let base = "";
  beforeAll(async () => {
    const server = await nextStart(await freePort(), { PGLITE_DIR: path.join(dir, "headers") });
    started.push(server);
    base = server.base;
  }, 180_000);

  it.each(["/", "/compare", "/runs/run_missing"])("page %s: a nonce CSP that every script carries, no unsafe-eval, no framing", async (page) => {
    const res = await fetch(base + page);
    const csp = res.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'(;|$)/);
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/object-src 'none'/);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("permissions-policy")).toMatch(/camera=\(\)/);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });

  it("a fresh nonce per request", async () => {
    const nonces = await Promise.all([1, 2].map(async () => /'nonce-([^']+)'/.exec((await fetch(base + "/")).headers.get("content-security-policy") ?? "")?.[1]));
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it("API answers may not run or be framed either", async () => {
    const res = await fetch(`${base}/api/health`);
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

/** Every process below `pid` (npm starts a shell or the server, which may start more). */
function descendants(pid: number): number[] {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid="], { encoding: "utf8" }).trim().split("\n").map((line) => line.trim().split(/\s+/).map(Number));
  const below = (parent: number): number[] => rows.filter(([, ppid]) => ppid === parent).flatMap(([child]) => [child, ...below(child)]);
  return below(pid);
}

describe("npm start passes signals through (item 15)", () => {
  it("SIGTERM to the npm process stops the server it started", async () => {
    const port = await freePort();
    const server = await serve("npm", ["start", "--", "-H", "127.0.0.1", "-p", String(port)], port, { PGLITE_DIR: path.join(dir, "npm") });
    started.push(server);
    const children = descendants(server.proc.pid!);
    expect(children.length).toBeGreaterThan(0);
    server.proc.kill("SIGTERM");
    await exited(server.proc);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && children.some(isAlive)) await delay(200);
    expect(children.filter(isAlive)).toEqual([]);
    expect(await fetch(`${server.base}/api/health`).then(() => "answering", () => "stopped")).toBe("stopped");
  }, 180_000);
});
