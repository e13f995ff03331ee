import { z } from "zod";
import { errorResponse } from "@/lib/json-http";
import { assertSafeToChange, isCrossSite, isServedHost, isStateChanging } from "./guard";
import { mayIssueIdentity, takeRunOrBooking } from "./rate-limit";
import { identify, identityCookie } from "./session";

type Ctx<P> = { userId: string; params: P };

/** `limited`: the route starts runs or books, so it draws from the member's and the address's rate limits. */
type RouteOptions = { limited?: boolean };

/**
 * Wraps every route handler: refuses state changes from another origin, to a host this server is
 * not configured as, or without JSON (CSRF, DNS rebinding), identifies the member, applies rate
 * limits, issues the cookie on first contact (never to a refused or cross-site request, nor past
 * the address's ration of new identities) and turns every failure into `{error: {code, message}}`
 * with the right status, never a stack trace.
 */
export function route<P = Record<string, never>>(fn: (req: Request, ctx: Ctx<P>) => Promise<Response>, options: RouteOptions = {}) {
  return async (req: Request, segment: { params: Promise<P> }): Promise<Response> => {
    let setCookie: string | undefined;
    let res: Response;
    try {
      if (isStateChanging(req)) assertSafeToChange(req);
      const member = identify(req);
      if (options.limited) await takeRunOrBooking(req, member);
      // A fresh id stays this request's only; the browser keeps the identity it may already hold
      // (its SameSite=Lax cookie is simply not sent cross-site).
      if (!member.identified && !isCrossSite(req) && isServedHost(req) && (await mayIssueIdentity(req)))
        setCookie = identityCookie(req, member.userId);
      res = await fn(req, { userId: member.userId, params: await segment.params });
    } catch (error) {
      res = errorResponse(error);
    }
    if (setCookie) res.headers.append("set-cookie", setCookie);
    return res;
  };
}

export function query<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  return schema.parse(Object.fromEntries(new URL(req.url).searchParams));
}
