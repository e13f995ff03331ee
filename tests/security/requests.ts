import { SESSION_COOKIE } from "@/lib/http/session";
import { sign } from "@/lib/signing";

/** Route-handler requests as a browser or a script would send them. */
export const ORIGIN = "http://club.test";
export const noParams = { params: Promise.resolve({}) } as never;
export const withId = (id: string) => ({ params: Promise.resolve({ id }) });

export type Send = { as?: string; cookie?: string; method?: string; body?: unknown; headers?: Record<string, string> };

export function request(path: string, { as, cookie, method = "GET", body, headers = {} }: Send = {}): Request {
  const h = new Headers(headers);
  if (as) h.set("cookie", `${SESSION_COOKIE}=${sign(as)}`);
  if (cookie) h.set("cookie", cookie);
  if (body !== undefined && !h.has("content-type")) h.set("content-type", "application/json");
  return new Request(ORIGIN + path, {
    method,
    headers: h,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

export async function answer(res: Response) {
  return { status: res.status, json: await res.json(), cookie: res.headers.get("set-cookie") };
}
