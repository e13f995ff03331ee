import type { Server } from "node:http";
import { afterAll, beforeAll } from "vitest";
import { urlSetting } from "@/lib/services/client";
import { SERVICES, SERVICE_NAMES } from "@/lib/patterns/services";
import type { ServiceHandler } from "@/lib/services/envelope";
import { listenServices } from "@/lib/services/node-server";

/**
 * Serves every service on a loopback port of this test process and points SERVICE_*_URL at it, so
 * each hop of a run is real HTTP without Next. `through` lets a test put a fault in front of one.
 */
export function hostServices(through: (name: string, handler: ServiceHandler) => ServiceHandler = (_, h) => h) {
  const hosted = { url: "" };
  let server: Server | undefined;
  beforeAll(async () => {
    const handlers = Object.fromEntries(Object.entries(SERVICES).map(([name, handler]) => [name, through(name, handler)]));
    ({ server, url: hosted.url } = await listenServices(handlers));
    for (const name of SERVICE_NAMES) process.env[urlSetting(name)] = hosted.url;
  });
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));
  return hosted;
}
