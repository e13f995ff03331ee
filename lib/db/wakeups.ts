import { EventEmitter } from "node:events";
import pg from "pg";
import { env } from "@/lib/env";
import { db } from "./client";

/**
 * Wake-ups for whatever waits on a row another request changes (a held step-mode run): in this
 * process an event; across app instances on PostgreSQL a NOTIFY on the channel, which every
 * instance LISTENs to on a connection of its own. A wake-up only says "look again": the database
 * stays the truth. PGlite is opened by one process only, so there the event is all it takes.
 */
const local = new EventEmitter();
local.setMaxListeners(0);
let listener: { client: pg.Client; channels: Map<string, Promise<unknown>> } | undefined;

/** Wakes whoever waits on `key` of `channel`, here and on every instance. */
export async function wake(channel: string, key: string): Promise<void> {
  local.emit(`${channel}:${key}`);
  if (env().DATABASE_URL) await (await db()).$executeRaw`SELECT pg_notify(${channel}, ${key})`;
}

/** Calls `fn` on every wake-up of `key` until the returned function is called; on PostgreSQL, also those sent by other instances. */
export function onWake(channel: string, key: string, fn: () => void): () => void {
  const name = `${channel}:${key}`;
  local.on(name, fn);
  if (env().DATABASE_URL) void listen(channel);
  return () => local.off(name, fn);
}

/** LISTENs to a channel once per process; a lost connection is opened again by the next waiter (who re-reads the database meanwhile). */
function listen(channel: string): Promise<unknown> {
  if (!listener) {
    const client = new pg.Client({ connectionString: env().DATABASE_URL });
    const opened = { client, channels: new Map<string, Promise<unknown>>() };
    client.on("notification", (message) => local.emit(`${message.channel}:${message.payload ?? ""}`));
    client.on("error", () => {
      if (listener === opened) listener = undefined;
      void client.end().catch(() => undefined);
    });
    opened.channels.set("", client.connect());
    listener = opened;
  }
  const { client, channels } = listener;
  let listening = channels.get(channel);
  if (!listening) {
    listening = channels
      .get("")!
      .then(() => client.query(`LISTEN "${channel.replace(/"/g, "")}"`))
      .catch(() => client.emit("error", new Error(`could not LISTEN to ${channel}`)));
    channels.set(channel, listening);
  }
  return listening;
}
