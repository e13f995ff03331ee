import { opened } from "@/lib/db/client";

/**
 * What the server does once when it starts: say which Node.js runs it (the project brings its own,
 * README "Runtime"), then open the database (migrations and seed) so no request pays for it.
 */
export async function onServerStart(): Promise<void> {
  console.info(`Control Spectrum Playground on Node.js ${process.version}${process.release.lts ? ` (LTS ${process.release.lts})` : ""}`);
  await opened();
}
