import { db, dbKind } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { clientAddress } from "./address";

/**
 * Token buckets: each holds up to a minute's allowance and refills continuously. With the embedded
 * database there is exactly one app process (PGlite's folder is locked), so the buckets live in its
 * memory and a check costs nothing; on PostgreSQL (DATABASE_URL) every instance must draw from the
 * same counters, so a check is one atomic statement that refills, takes a token if there is one,
 * and reports which.
 */
const MILLI = 1000;
/** Buckets untouched this long are full again and can go. */
const IDLE_MS = 10 * 60_000;
const PRUNE_EVERY = 500;
let checks = 0;

type Caller = { userId: string; identified: boolean };

/**
 * A request that starts a run or books. A member with an identity draws one token from their own
 * bucket, then one from their address's (a request the member's bucket refuses costs the address
 * nothing). A cookieless request is nobody in particular: all of one address's cookieless requests
 * share one member's allowance, so a flood of them exhausts only that and never the address bucket
 * the members behind the same address live on.
 */
export async function takeRunOrBooking(req: Request, caller: Caller): Promise<void> {
  const { RATE_LIMIT_MEMBER_PER_MIN, RATE_LIMIT_ADDRESS_PER_MIN } = env();
  const address = clientAddress(req);
  if (!caller.identified) {
    await take(`anonymous:${address}`, RATE_LIMIT_MEMBER_PER_MIN, "Too many requests without a member cookie come from your network");
    return;
  }
  await take(`member:${caller.userId}`, RATE_LIMIT_MEMBER_PER_MIN, "You are going a bit fast");
  await take(`address:${address}`, RATE_LIMIT_ADDRESS_PER_MIN, "Too many requests are coming from your network");
}

/**
 * Whether one more identity (a member cookie) may be handed to this address. Identities are free
 * to mint, and each is a fresh member allowance, so they are rationed per address; a request past
 * the ration is still served, as a cookieless visitor.
 */
export async function mayIssueIdentity(req: Request): Promise<boolean> {
  const perMinute = env().RATE_LIMIT_IDENTITY_PER_MIN;
  if (perMinute === 0) return true;
  return (await draw(`identity:${clientAddress(req)}`, perMinute)).granted;
}

async function take(key: string, perMinute: number, refusal: string): Promise<void> {
  if (perMinute === 0) return;
  const bucket = await draw(key, perMinute);
  if (bucket.granted) return;
  const retryAfter = Math.max(1, Math.ceil((MILLI - bucket.milliTokens) / perSecondMilli(perMinute)));
  throw new AppError("rate_limited", `${refusal}: please wait ${retryAfter} s and try again.`, {
    retryable: true,
    details: { retry_after_s: retryAfter },
  });
}

type Drawn = { milliTokens: number; granted: boolean };

const perSecondMilli = (perMinute: number) => (perMinute * MILLI) / 60;

function draw(key: string, perMinute: number): Promise<Drawn> | Drawn {
  return dbKind() === "pglite" ? drawInMemory(key, perMinute) : drawInDatabase(key, perMinute);
}

const buckets = new Map<string, { milliTokens: number; at: number }>();

/** One process's buckets (the embedded database's only process). */
function drawInMemory(key: string, perMinute: number): Drawn {
  const now = Date.now();
  const capacity = perMinute * MILLI;
  const bucket = buckets.get(key);
  const refilled = bucket
    ? Math.min(capacity, bucket.milliTokens + Math.floor(((now - bucket.at) / 1000) * perSecondMilli(perMinute)))
    : capacity;
  const granted = refilled >= MILLI;
  const milliTokens = granted ? refilled - MILLI : refilled;
  buckets.set(key, { milliTokens, at: now });
  if (++checks % PRUNE_EVERY === 0) for (const [k, b] of buckets) if (b.at < now - IDLE_MS) buckets.delete(k);
  return { milliTokens, granted };
}

/** Buckets every instance on one PostgreSQL shares: one statement per check. */
export async function drawInDatabase(key: string, perMinute: number): Promise<Drawn> {
  const capacity = perMinute * MILLI;
  const perSecond = perSecondMilli(perMinute);
  const prisma = await db();
  const refilled = Prisma.sql`LEAST(${capacity}::int, "RateLimit"."milliTokens" + FLOOR(EXTRACT(EPOCH FROM (now() - "RateLimit"."refilledAt")) * ${perSecond}::float8)::int)`;
  const [bucket] = await prisma.$queryRaw<Drawn[]>`
    INSERT INTO "RateLimit" ("key", "milliTokens", "refilledAt", "granted") VALUES (${key}, ${capacity - MILLI}::int, now(), true)
    ON CONFLICT ("key") DO UPDATE SET
      "milliTokens" = CASE WHEN ${refilled} >= ${MILLI}::int THEN ${refilled} - ${MILLI}::int ELSE ${refilled} END,
      "granted" = ${refilled} >= ${MILLI}::int,
      "refilledAt" = now()
    RETURNING "milliTokens", "granted"`;
  if (++checks % PRUNE_EVERY === 0)
    await prisma.$executeRaw`DELETE FROM "RateLimit" WHERE "refilledAt" < now() - make_interval(secs => ${IDLE_MS / 1000})`;
  return bucket;
}
