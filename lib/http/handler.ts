import { z } from "zod";
import { errorResponse } from "@/lib/json-http";
import { assertSafeToChange, isCrossSite, isStateChanging } from "./guard";
import { takeRunOrBooking } from "./rate-limit";
import { identify } from "./session";

type Ctx<P> = { userId: string; params: P };

/** `limited`: the route starts runs or books, so it draws from the member's and the address's rate limits. */
type RouteOptions = { limited?: boolean };

/**
 * Wraps every route handler: refuses cross-origin or non-JSON state changes (CSRF), identifies
 * the member (issuing the cookie on first contact, but never to a refused or cross-site request),
 * applies rate limits and turns every failure into `{error: {code, message}}` with the right
 * status, never a stack trace.
 */
export function route<P = Record<string, never>>(fn: (req: Request, ctx: Ctx<P>) => Promise<Response>, options: RouteOptions = {}) {
  return async (req: Request, segment: { params: Promise<P> }): Promise<Response> => {
    let setCookie: string | undefined;
    let res: Response;
    try {
      if (isStateChanging(req)) assertSafeToChange(req);
      const member = identify(req, !isCrossSite(req));
      if (options.limited) await takeRunOrBooking(req, member.userId);
      setCookie = member.setCookie;
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
