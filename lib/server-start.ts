import { opened } from "@/lib/db/client";
import { startRetentionSweep } from "@/lib/db/retention";
import { startInstance } from "@/lib/trace/instance";

/**
 * What the server does once when it starts: say which Node.js runs it (the project brings its own,
 * README "Runtime"), then open the database (migrations and seed) so no request pays for it, and
 * register this process, closing the runs a process that is gone left running, and start the
 * background sweep that bounds what the database keeps.
 */
export async function onServerStart(): Promise<void> {
  console.info(`Control Spectrum Playground on Node.js ${process.version}${process.release.lts ? ` (LTS ${process.release.lts})` : ""}`);
  await opened();
  await startInstance();
  startRetentionSweep();
}
