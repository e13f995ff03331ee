import { afterEach, beforeEach, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "security-test-secret-long-enough";
import * as bookings from "@/app/api/bookings/route";
import * as chat from "@/app/api/chat/route";
import * as compare from "@/app/api/compare/route";
import * as patternChat from "@/app/api/patterns/[id]/chat/route";
import { db } from "@/lib/db/client";
import { drawInDatabase } from "@/lib/http/rate-limit";
import { freshDb } from "../helpers";
import { answer, noParams, request, withId } from "./requests";

/** Issue 10, item 7: runs and bookings are rate limited per member and per client address, in the database. */
describe("rate limits", () => {
  beforeEach(async () => {
    const prisma = await freshDb();
    await prisma.rateLimit.deleteMany();
  });
  afterEach(() => {
    process.env.RATE_LIMIT_MEMBER_PER_MIN = "0";
    process.env.RATE_LIMIT_ADDRESS_PER_MIN = "0";
    delete process.env.TRUST_PROXY;
  });

  const book = (as: string, slot: string, headers: Record<string, string> = {}) =>
    bookings.POST(request("/api/bookings", { as, method: "POST", body: { slot_id: slot }, headers }), noParams);

  it("refuses a member's bookings past the limit with 429, Retry-After and the usual error body", async () => {
    process.env.RATE_LIMIT_MEMBER_PER_MIN = "2";
    expect((await book("eager", "2026-12-03_CourtA_1000")).status).toBe(201);
    expect((await book("eager", "2026-12-03_CourtB_1000")).status).toBe(201);
    const refused = await book("eager", "2026-12-04_CourtC_1000");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(30);
    expect(await refused.json()).toMatchObject({ error: { code: "rate_limited", message: expect.stringMatching(/wait \d+ s/) } });
    // Another member is not held back by this one.
    expect((await book("patient", "2026-12-04_CourtC_1000")).status).toBe(201);
  });

  it("limits runs on every endpoint that starts one", async () => {
    process.env.RATE_LIMIT_MEMBER_PER_MIN = "1";
    const message = "What courts are free tomorrow at 4pm?";
    expect(
      (await chat.POST(request("/api/chat", { as: "runner", method: "POST", body: { pattern: "A", message } }), noParams)).status,
    ).toBe(200);
    expect(
      (await answer(await chat.POST(request("/api/chat", { as: "runner", method: "POST", body: { pattern: "A", message } }), noParams)))
        .json,
    ).toMatchObject({ error: { code: "rate_limited" } });
    expect(
      (await patternChat.POST(request("/api/patterns/a/chat", { as: "runner", method: "POST", body: { message } }), withId("a"))).status,
    ).toBe(429);
    expect(
      (await compare.POST(request("/api/compare", { as: "runner", method: "POST", body: { pattern: "A", message } }), noParams)).status,
    ).toBe(429);
  });

  it("limits one address across members (new cookies do not help) when a trusted proxy names it", async () => {
    process.env.RATE_LIMIT_ADDRESS_PER_MIN = "2";
    process.env.TRUST_PROXY = "1";
    const from = (ip: string) => ({ "x-forwarded-for": `203.0.113.9, ${ip}` });
    expect((await book("m1", "2026-12-03_CourtA_1000", from("198.51.100.7"))).status).toBe(201);
    expect((await book("m2", "2026-12-03_CourtB_1000", from("198.51.100.7"))).status).toBe(201);
    expect((await book("m3", "2026-12-03_CourtC_1000", from("198.51.100.7"))).status).toBe(429);
    expect((await book("m4", "2026-12-03_CourtD_1000", from("198.51.100.8"))).status).toBe(201);
  });

  it("ignores a client's own X-Forwarded-For without a trusted proxy: it cannot buy fresh buckets", async () => {
    process.env.RATE_LIMIT_ADDRESS_PER_MIN = "2";
    expect((await book("n1", "2026-12-03_CourtA_1000", { "x-forwarded-for": "10.0.0.1" })).status).toBe(201);
    expect((await book("n2", "2026-12-03_CourtB_1000", { "x-forwarded-for": "10.0.0.2" })).status).toBe(201);
    expect((await book("n3", "2026-12-03_CourtC_1000", { "x-forwarded-for": "10.0.0.3" })).status).toBe(429);
  });

  it("keeps its counters in the database on PostgreSQL, one statement per check, where every instance sees them, and refills with time", async () => {
    expect((await drawInDatabase("member:shared", 1)).granted).toBe(true);
    const prisma = await db();
    expect(await prisma.rateLimit.findUnique({ where: { key: "member:shared" } })).toMatchObject({ granted: true, milliTokens: 0 });
    expect((await drawInDatabase("member:shared", 1)).granted).toBe(false);
    // A minute later (as another instance would find the row) the bucket is full again.
    await prisma.$executeRaw`UPDATE "RateLimit" SET "refilledAt" = "refilledAt" - interval '61 seconds' WHERE "key" = 'member:shared'`;
    expect((await drawInDatabase("member:shared", 1)).granted).toBe(true);
  });

  it("keeps its counters in memory with the embedded database (one process): a check writes nothing", async () => {
    process.env.RATE_LIMIT_MEMBER_PER_MIN = "1";
    expect((await book("alone", "2026-12-03_CourtA_1000")).status).toBe(201);
    expect((await book("alone", "2026-12-03_CourtB_1000")).status).toBe(429);
    expect(await (await db()).rateLimit.count()).toBe(0);
  });

  it("0 turns a limit off", async () => {
    process.env.RATE_LIMIT_MEMBER_PER_MIN = "0";
    process.env.RATE_LIMIT_ADDRESS_PER_MIN = "0";
    const codes = [];
    for (const court of ["A", "B", "C", "D"])
      codes.push((await book("free", `2026-12-0${court === "A" || court === "B" ? 3 : 4}_Court${court}_1000`)).status);
    expect(codes).toEqual([201, 201, 201, 201]);
  });
});
