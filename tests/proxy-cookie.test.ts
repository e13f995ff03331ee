import { describe, expect, it } from "vitest";
process.env.SESSION_SECRET = "proxy-cookie-test-secret-long-enough";
import { NextRequest } from "next/server";
import { proxy } from "@/proxy";
import { SESSION_COOKIE } from "@/lib/http/session";
import { sign } from "@/lib/signing";

const page = (headers: Record<string, string> = {}) => new NextRequest("http://club.test/?p=A", { headers });

describe("the page brings the member's cookie on a first visit", () => {
  it("issues it with the page, so the page's first requests are one member", async () => {
    expect((await proxy(page({ "sec-fetch-site": "none" }))).headers.get("set-cookie")).toMatch(new RegExp(`^${SESSION_COOKIE}=m_`));
  });

  it("keeps a member's own cookie, and gives a cross-site visit none", async () => {
    expect((await proxy(page({ cookie: `${SESSION_COOKIE}=${sign("m_known")}` }))).headers.get("set-cookie")).toBeNull();
    expect((await proxy(page({ "sec-fetch-site": "cross-site" }))).headers.get("set-cookie")).toBeNull();
  });
});
