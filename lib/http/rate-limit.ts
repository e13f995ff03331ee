import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * Token buckets in the database, so every app instance on one PostgreSQL draws from the same
 * counters. A bucket holds up to a minute's allowance and refills continuously; one atomic
 * statement refills, takes a token if there is one, and reports which.
 */
const MILLI = 1000;
/** Buckets untouched this long are full again and can go. */
const IDLE_MS = 10 * 60_000;
const PRUNE_EVERY = 500;
let checks = 0;

/** A request that starts a run or books: one token from the member's bucket and one from the address's. */
export async function takeRunOrBooking(req: Request, userId: string): Promise<void> {
  const { RATE_LIMIT_MEMBER_PER_MIN, RATE_LIMIT_ADDRESS_PER_MIN } = env();
  await take(`member:${userId}`, RATE_LIMIT_MEMBER_PER_MIN, "You are going a bit fast");
  await take(`address:${clientAddress(req)}`, RATE_LIMIT_ADDRESS_PER_MIN, "Too many requests are coming from your network");
}

/**
 * Who is asking, as far as can be trusted. Route handlers never see the socket, and
 * `x-forwarded-for` / `x-real-ip` are whatever the client wrote unless a proxy we trust
 * (TRUST_PROXY=1) set them: then the rightmost forwarded entry is the address that proxy saw.
 * Without a trusted proxy every direct client shares one bucket, a server-wide cap.
 */
export function clientAddress(req: Request): string {
  if (env().TRUST_PROXY !== "1") return "direct";
  const forwarded = req.headers
    .get("x-forwarded-for")
    ?.split(",")
    .map((a) => a.trim())
    .filter(Boolean)
    .at(-1);
  return forwarded ?? req.headers.get("x-real-ip")?.trim() ?? "direct";
}

async function take(key: string, perMinute: number, refusal: string): Promise<void> {
  if (perMinute === 0) return;
  const capacity = perMinute * MILLI;
  const perSecond = (perMinute * MILLI) / 60;
  const prisma = await db();
  const refilled = Prisma.sql`LEAST(${capacity}::int, "RateLimit"."milliTokens" + FLOOR(EXTRACT(EPOCH FROM (now() - "RateLimit"."refilledAt")) * ${perSecond}::float8)::int)`;
  const [bucket] = await prisma.$queryRaw<{ milliTokens: number; granted: boolean }[]>`
    INSERT INTO "RateLimit" ("key", "milliTokens", "refilledAt", "granted") VALUES (${key}, ${capacity - MILLI}::int, now(), true)
    ON CONFLICT ("key") DO UPDATE SET
      "milliTokens" = CASE WHEN ${refilled} >= ${MILLI}::int THEN ${refilled} - ${MILLI}::int ELSE ${refilled} END,
      "granted" = ${refilled} >= ${MILLI}::int,
      "refilledAt" = now()
    RETURNING "milliTokens", "granted"`;
  if (++checks % PRUNE_EVERY === 0)
    await prisma.$executeRaw`DELETE FROM "RateLimit" WHERE "refilledAt" < now() - make_interval(secs => ${IDLE_MS / 1000})`;
  if (bucket.granted) return;
  const retryAfter = Math.max(1, Math.ceil((MILLI - bucket.milliTokens) / perSecond));
  throw new AppError("rate_limited", `${refusal}: please wait ${retryAfter} s and try again.`, {
    retryable: true,
    details: { retry_after_s: retryAfter },
  });
}
