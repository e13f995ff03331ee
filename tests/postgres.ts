import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * A throwaway PostgreSQL server from Debian's postgresql package, started by the test run itself:
 * initdb in a temp folder, pg_ctl on a free loopback port, removed at stop().
 */
export function postgresBinDir(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => path.join(root, v, "bin")).find((dir) => existsSync(path.join(dir, "initdb")));
}

export async function startPostgres(): Promise<{ url: string; stop(): void }> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("Debian's postgresql package is not installed (apt-get install postgresql).");
  const dir = mkdtempSync(path.join(tmpdir(), "playground-pg-"));
  chmodSync(dir, 0o777);
  const data = path.join(dir, "data");
  const port = await freePort();
  // initdb refuses to run as root; run the server as the package's postgres user then.
  const asUser = process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--"] : [];
  const run = (cmd: string, args: string[]) => {
    const [exe, ...rest] = [...asUser, path.join(bin, cmd), ...args];
    execFileSync(exe, rest, { stdio: "pipe" });
  };
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
  run("pg_ctl", [
    "-D",
    data,
    "-o",
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c max_connections=120`,
    "-w",
    "-l",
    path.join(dir, "log"),
    "start",
  ]);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      const [exe, ...rest] = [...asUser, path.join(bin, "pg_ctl"), "-D", data, "-m", "immediate", "stop"];
      spawnSync(exe, rest, { stdio: "ignore" });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
