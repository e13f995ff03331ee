import { execFileSync } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, startBuiltServer, type BuiltServer } from "../support/built-server";

/** Issue 10, items 10 and 15, against the built server: security headers, and `npm start` stops on SIGTERM. */
const started: BuiltServer[] = [];

beforeAll(async () => {
  await ensureBuilt();
}, 600_000);
afterAll(async () => {
  for (const server of started) await server.stop();
}, 30_000);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("security headers (item 10)", () => {
  let base = "";
  beforeAll(async () => {
    const server = await startBuiltServer();
    started.push(server);
    base = server.url;
  }, 180_000);

  it.each(["/", "/compare", "/runs/run_missing"])(
    "page %s: a nonce CSP that every script carries, no unsafe-eval, no framing",
    async (page) => {
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
    },
  );

  it("a fresh nonce per request", async () => {
    const nonces = await Promise.all(
      [1, 2].map(async () => /'nonce-([^']+)'/.exec((await fetch(base + "/")).headers.get("content-security-policy") ?? "")?.[1]),
    );
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
  const rows = execFileSync("ps", ["-eo", "pid=,ppid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number));
  const below = (parent: number): number[] => rows.filter(([, ppid]) => ppid === parent).flatMap(([child]) => [child, ...below(child)]);
  return below(pid);
}

describe("npm start passes signals through (item 15)", () => {
  it("SIGTERM to the npm process stops the server it started", async () => {
    const server = await startBuiltServer();
    started.push(server);
    const children = descendants(server.child.pid!);
    expect(children.length).toBeGreaterThan(0);
    const exited = new Promise((resolve) => server.child.once("exit", resolve));
    // Only the process npm start created, as a process manager would signal it: not its group.
    process.kill(server.child.pid!, "SIGTERM");
    await exited;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && children.some(isAlive)) await delay(200);
    expect(children.filter(isAlive)).toEqual([]);
    expect(
      await fetch(`${server.url}/api/health`).then(
        () => "answering",
        () => "stopped",
      ),
    ).toBe("stopped");
  }, 180_000);
});
