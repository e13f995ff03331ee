/** Runs once when the server starts (Node.js runtime only; the edge bundle never loads lib/). */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { onServerStart } = await import("@/lib/server-start");
  await onServerStart();
}
