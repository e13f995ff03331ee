/**
 * How big each pattern's paused state is: every pattern runs "Book court A tomorrow at 3pm" in
 * approval mode on the simulated models (latency off), and the serialised state stored in its
 * Approval row is measured in bytes, with where it lives. Run: npm run bench:approvals
 */
import { closeDb, db } from "@/lib/db/client";
import { resetSchedule } from "@/lib/db/seed";
import { executeRun } from "@/lib/patterns/engine";
import { PATTERN_IDS } from "@/lib/patterns/types";
import { SERVICES, SERVICE_NAMES } from "@/lib/patterns/services";
import { urlSetting } from "@/lib/services/client";
import { listenServices } from "@/lib/services/node-server";

process.env.SIM_LATENCY = "off";
process.env.PLAYGROUND_NOW ??= "2026-12-01T10:30:00";
if (!process.env.DATABASE_URL && !process.env.PGLITE_DIR) process.env.PGLITE_DIR = "memory://";

async function main() {
  const { server, url } = await listenServices(SERVICES);
  for (const name of SERVICE_NAMES) process.env[urlSetting(name)] = url;
  try {
    await resetSchedule(await db());
    const rows = [];
    for (const pattern of PATTERN_IDS) {
      const outcome = await executeRun(
        {
          pattern,
          message: "Book court A tomorrow at 3pm",
          userId: `bench-approvals-${pattern}`,
          options: { approval: "book", simLatency: "off" },
          origin: url,
          signal: new AbortController().signal,
        },
        () => undefined,
      );
      if (!outcome.approvalId) throw new Error(`Pattern ${pattern} did not pause: ${outcome.status} ${outcome.reply}`);
      const held = await (await db()).approval.findUniqueOrThrow({ where: { id: outcome.approvalId } });
      rows.push({ pattern, stateBytes: Buffer.byteLength(held.state), heldBy: held.heldBy });
    }
    console.table(rows);
  } finally {
    server.close();
    await closeDb();
  }
}

void main();
