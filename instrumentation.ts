/** Opens the database (applying migrations and the seed) when the server starts, not on the first request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { opened } = await import("@/lib/db/client");
  await opened();
}
