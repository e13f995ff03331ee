import { afterEach, beforeAll, describe, expect, it } from "vitest";
process.env.PLAYGROUND_NOW = "2026-12-01T10:30:00";
process.env.CLUB_TIMEZONE = "Europe/Amsterdam";
process.env.SESSION_SECRET = "security-test-secret-long-enough";
import * as bookings from "@/app/api/bookings/route";
import * as health from "@/app/api/health/route";
import { freshDb } from "../helpers";
import { noParams } from "./requests";

/**
 * Issue 26, item 10: DNS rebinding. A page on a name the attacker points at this server sends its
 * own name as Host and a matching Origin; in production only the configured hosts and loopback
 * may change state or be handed an identity.
 */
const settings = process.env as Record<string, string | undefined>;
const nodeEnv = settings.NODE_ENV;

function bookAt(host: string, slot: string): Promise<Response> {
  const request = new Request(`http://${host}/api/bookings`, {
    method: "POST",
    headers: { host, origin: `http://${host}`, "content-type": "application/json" },
    body: JSON.stringify({ slot_id: slot }),
  });
  return bookings.POST(request, noParams);
}

const healthAt = (host: string) => health.GET(new Request(`http://${host}/api/health`, { headers: { host } }), noParams);

describe("only configured hosts change state in production", () => {
  beforeAll(async () => {
    await freshDb();
  });
  afterEach(() => {
    settings.NODE_ENV = nodeEnv;
    delete settings.APP_ORIGIN;
    delete settings.ALLOWED_ORIGINS;
  });

  it("refuses a booking and an identity to a host nobody configured, with a reason that says what to set", async () => {
    settings.NODE_ENV = "production";
    const res = await bookAt("rebind.attacker.example", "2026-12-03_CourtA_1100");
    expect(res.status).toBe(403);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect((await res.json()).error.message).toMatch(/APP_ORIGIN/);
    const read = await healthAt("rebind.attacker.example");
    expect(read.status).toBe(200);
    expect(read.headers.get("set-cookie")).toBeNull();
  });

  it("serves the configured hosts and loopback on any port", async () => {
    settings.NODE_ENV = "production";
    settings.APP_ORIGIN = "https://club.example.org";
    settings.ALLOWED_ORIGINS = "http://courts.example.net:8080";
    expect((await bookAt("club.example.org", "2026-12-03_CourtA_1100")).status).toBe(201);
    expect((await bookAt("courts.example.net:8080", "2026-12-03_CourtB_1100")).status).toBe(201);
    expect((await bookAt("127.0.0.1:41234", "2026-12-03_CourtC_1100")).status).toBe(201);
    expect((await bookAt("localhost:3000", "2026-12-03_CourtD_1100")).status).toBe(201);
    expect((await bookAt("courts.example.net:9090", "2026-12-04_CourtA_1100")).status).toBe(403);
    expect((await healthAt("club.example.org")).headers.get("set-cookie")).toMatch(/csp_member=/);
  });

  it("serves any host in development (npm run dev on a laptop's LAN address)", async () => {
    settings.NODE_ENV = "development";
    expect((await bookAt("192.168.1.20:3000", "2026-12-04_CourtB_1100")).status).toBe(201);
  });
});
