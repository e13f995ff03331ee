import { afterEach, beforeAll, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "security-test-secret-long-enough";
import * as bookings from "@/app/api/bookings/route";
import * as health from "@/app/api/health/route";
import { freshDb } from "../helpers";
import { noParams, request } from "./requests";

/**
 * Issue 26, item 5: one client cannot lock everyone out. Cookieless requests are nobody in
 * particular and share one allowance per address, apart from the members behind it; new identities
 * are rationed per address; a request the attacker's bucket refuses costs nobody else's.
 */
describe("one client does not lock everyone out", () => {
  beforeAll(async () => {
    await freshDb();
  });
  afterEach(() => {
    for (const key of ["RATE_LIMIT_MEMBER_PER_MIN", "RATE_LIMIT_ADDRESS_PER_MIN", "RATE_LIMIT_IDENTITY_PER_MIN"]) process.env[key] = "0";
  });

  // An empty body: the rate limit is taken before the body is read, so 400 means served and 429 refused.
  const post = (as?: string) => bookings.POST(request("/api/bookings", { as, method: "POST", body: {} }), noParams);
  const served = async (as: string | undefined, times: number) => {
    let count = 0;
    for (let i = 0; i < times; i++) if ((await post(as)).status !== 429) count++;
    return count;
  };

  it("a flood of cookieless requests leaves a member with an identity their whole allowance", async () => {
    process.env.RATE_LIMIT_MEMBER_PER_MIN = "5";
    process.env.RATE_LIMIT_ADDRESS_PER_MIN = "20";
    expect(await served(undefined, 60)).toBe(5);
    expect(await served("flood-bystander", 5)).toBe(5);
  });

  it("refusals cost the member who is refused, not the address everyone shares", async () => {
    process.env.RATE_LIMIT_MEMBER_PER_MIN = "5";
    process.env.RATE_LIMIT_ADDRESS_PER_MIN = "20";
    expect(await served("greedy", 60)).toBe(5);
    expect(await served("patient-1", 5)).toBe(5);
    expect(await served("patient-2", 5)).toBe(5);
  });

  it("rations new identities per address: past the ration a request is served without a cookie", async () => {
    process.env.RATE_LIMIT_IDENTITY_PER_MIN = "3";
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await health.GET(request("/api/health"), noParams));
    expect(answers.map((res) => res.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((res) => res.headers.get("set-cookie")).length).toBe(3);
  });
});
