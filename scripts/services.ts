/**
 * Starts the services of patterns C and G as separate Node processes on their own loopback ports,
 * serving the same handlers as the app's /api/services routes, and prints the settings that point
 * the app at them:
 *
 *   npm run services                 # ports 4101… ; --port 0 picks free ones
 *   npm run services -- parse booking
 *
 * PGlite is single-process, so without DATABASE_URL the services that touch the database share one
 * process and an embedded database of their own (beside the app's); set DATABASE_URL for both the
 * app and this script to give every service its own process over one PostgreSQL.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { urlSetting } from "@/lib/services/client";
import { SERVICES, SERVICE_NAMES, type ServiceName } from "@/lib/patterns/services";
import { listenServices } from "@/lib/services/node-server";

const READY = "listening on ";
const NEEDS_NO_DATABASE: ServiceName[] = ["parse"];

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const port = Number(option("--port") ?? 4100);
const serving = option("--serve");

if (serving) await serve(serving.split(",") as ServiceName[]);
else await supervise(args.filter((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--")) as ServiceName[]);

/** One child process: its services on one port. */
async function serve(names: ServiceName[]) {
  const { url } = await listenServices(Object.fromEntries(names.map((n) => [n, SERVICES[n]])), port);
  console.log(`${READY}${url}`);
}

async function supervise(asked: ServiceName[]) {
  const names = asked.length ? asked : SERVICE_NAMES;
  const unknown = names.filter((n) => !SERVICE_NAMES.includes(n));
  if (unknown.length) throw new Error(`Unknown service(s): ${unknown.join(", ")}. Known: ${SERVICE_NAMES.join(", ")}.`);
  const processes = layout(names);
  const children: ChildProcess[] = [];
  const stop = () => {
    for (const child of children) child.kill();
  };
  process.on("SIGINT", stop).on("SIGTERM", stop);

  const lines = await Promise.all(
    processes.map(async (group, i) => {
      const child = spawn(
        process.execPath,
        [...process.execArgv, process.argv[1], "--serve", group.join(","), "--port", String(port && port + i + 1)],
        { env: childEnv(), stdio: ["ignore", "pipe", "inherit"] },
      );
      children.push(child);
      child.on("exit", (code) => {
        stop();
        process.exitCode = code ?? 1;
      });
      const url = await readyUrl(child);
      return group.map((name) => `${urlSetting(name)}=${url}`);
    }),
  );
  console.log(`# ${processes.length} service process(es); add these to the app's environment:\n${lines.flat().join("\n")}`);
}

/** Every service its own process, except that an embedded database cannot be shared between processes. */
function layout(names: ServiceName[]): ServiceName[][] {
  if (process.env.DATABASE_URL) return names.map((n) => [n]);
  const withDb = names.filter((n) => !NEEDS_NO_DATABASE.includes(n));
  return [...names.filter((n) => NEEDS_NO_DATABASE.includes(n)).map((n) => [n]), ...(withDb.length ? [withDb] : [])];
}

/** Beside the app's embedded database, never in it: a second process on one PGlite folder corrupts it. */
function childEnv(): NodeJS.ProcessEnv {
  const dir = process.env.PGLITE_DIR ?? ".data/pglite";
  return { ...process.env, PGLITE_DIR: dir.startsWith("memory://") ? dir : `${dir}-services` };
}

function readyUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`A service process exited with ${code} before listening.`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line.startsWith(READY)) resolve(line.slice(READY.length));
      else console.log(line);
    });
  });
}
