/** `npm run db:migrate`: applies prisma/migrations (and the seed) to the configured database, then exits. */
import { closeDb, dbKind, opened } from "@/lib/db/client";

await opened();
console.log(`Database (${dbKind()}) is up to date.`);
await closeDb();
