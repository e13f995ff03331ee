/**
 * When the server starts, not on the first request: opens the database (applying migrations and
 * the seed) and registers this process, closing runs a previous process left running.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { opened } = await import("@/lib/db/client");
  await opened();
  const { startInstance } = await import("@/lib/trace/instance");
  await startInstance();
}
