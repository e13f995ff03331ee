import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { ServiceHandler } from "./envelope";

/**
 * Serves services with plain node:http outside Next (`npm run services`, tests): each request is
 * adapted to the same Request → Response handlers the app's /api/services routes use, at the
 * same paths, so SERVICE_<NAME>_URL can point at either.
 */
export async function listenServices(
  handlers: Record<string, ServiceHandler>,
  port = 0,
  host = "127.0.0.1",
): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    // A caller that hangs up (timeout, abort) stops the service's model calls too.
    const hangUp = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) hangUp.abort();
    });
    const name = /^\/api\/services\/([\w-]+)$/.exec(req.url ?? "")?.[1];
    const handler = name ? handlers[name] : undefined;
    const response = !handler
      ? Response.json({ error: { code: "not_found", message: `No service at ${req.url}.` } }, { status: 404 })
      : req.method !== "POST"
        ? Response.json({ error: { code: "method_not_allowed", message: "Services take POST." } }, { status: 405 })
        : await handler(toRequest(req, `http://${host}:${(server.address() as AddressInfo).port}`, hangUp.signal));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, host, resolve));
  return { server, url: `http://${host}:${(server.address() as AddressInfo).port}` };
}

function toRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) for (const v of [value ?? []].flat()) headers.append(key, v);
  return new Request(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers,
    body: Readable.toWeb(req) as ReadableStream,
    duplex: "half",
    signal,
  } as RequestInit);
}
