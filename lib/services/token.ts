import { z } from "zod";
import { Clock } from "@/lib/domain/clock-schema";
import { sign, verify } from "@/lib/signing";

/**
 * The caller's identity on a service hop: the member and the run, signed by the orchestrator with
 * the app's secret and short-lived. Services never take a user id from a body or a model.
 */
const PURPOSE = "svc:";
const TOKEN_TTL_MS = 60_000;
const Claims = z.object({ sub: z.string().min(1), run: z.string().min(1), sch: z.string().min(1), clk: Clock.optional(), exp: z.number() });

/**
 * The schedule rides in the signed token too, so a service books where the run books and no body
 * can change it; so does the run's clock, so a service judges past hours and "tomorrow" as the run does.
 */
export type Caller = { userId: string; runId: string; scheduleId: string; clock?: Clock };

export function issueServiceToken(caller: Caller, now = Date.now()): string {
  const claims = { sub: caller.userId, run: caller.runId, sch: caller.scheduleId, clk: caller.clock, exp: now + TOKEN_TTL_MS };
  return sign(PURPOSE + Buffer.from(JSON.stringify(claims)).toString("base64url"));
}

/** The caller behind an `Authorization: Bearer` header, or null when it is missing, forged or expired. */
export function readServiceToken(authorization: string | null, now = Date.now()): Caller | null {
  const token = /^Bearer (\S+)$/.exec(authorization ?? "")?.[1];
  const payload = token ? verify(token) : null;
  // The purpose prefix keeps a member's session cookie, signed with the same secret, from passing as a token.
  if (!payload?.startsWith(PURPOSE)) return null;
  let claims: z.infer<typeof Claims>;
  try {
    claims = Claims.parse(JSON.parse(Buffer.from(payload.slice(PURPOSE.length), "base64url").toString("utf8")));
  } catch {
    return null;
  }
  return claims.exp > now
    ? { userId: claims.sub, runId: claims.run, scheduleId: claims.sch, ...(claims.clk ? { clock: claims.clk } : {}) }
    : null;
}
