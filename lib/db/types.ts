import type { PrismaClient } from "@/lib/generated/prisma/client";

/** The Prisma client this app opens; its own module so the seed can name it without importing the opener. */
export type Db = InstanceType<typeof PrismaClient>;
