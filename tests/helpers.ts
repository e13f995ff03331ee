import { afterAll } from "vitest";
import { closeDb, db } from "@/lib/db/client";
import { resetSchedule } from "@/lib/db/seed";

/** A fresh in-memory database for this test file (vitest.config sets PGLITE_DIR=memory://). */
export async function freshDb() {
  const prisma = await db();
  await resetSchedule(prisma);
  return prisma;
}

afterAll(async () => {
  await closeDb();
});
