import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors";
import { identify } from "./session";

export const MAX_BODY_BYTES = 16 * 1024;

type Ctx<P> = { userId: string; params: P };

/**
 * Wraps a route handler: identifies the member (issuing the cookie on first contact) and turns
 * every failure into `{error: {code, message}}` with the right status, never a stack trace.
 */
export function route<P = Record<string, never>>(fn: (req: Request, ctx: Ctx<P>) => Promise<Response>) {
  return async (req: Request, segment: { params: Promise<P> }): Promise<Response> => {
    const member = identify(req);
    let res: Response;
    try {
      res = await fn(req, { userId: member.userId, params: await segment.params });
    } catch (error) {
      res = errorResponse(error);
    }
    if (member.setCookie) res.headers.append("set-cookie", member.setCookie);
    return res;
  };
}

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { "cache-control": "no-store" } });
}

export function errorResponse(error: unknown): Response {
  if (isAppError(error)) return json({ error: error.toJSON() }, error.status);
  if (error instanceof z.ZodError) {
    const message = error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
    return json({ error: { code: "bad_request", message } }, 400);
  }
  console.error(error);
  return json({ error: { code: "internal", message: "Something went wrong on our side; nothing was changed." } }, 500);
}

/** Reads and validates a JSON body, refusing anything over 16 KB before parsing it. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const text = await readLimited(req, MAX_BODY_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
  return schema.parse(body);
}

async function readLimited(req: Request, limit: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(): AppError {
  return new AppError("payload_too_large", `Request bodies are limited to ${MAX_BODY_BYTES / 1024} KB.`);
}

export function query<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  return schema.parse(Object.fromEntries(new URL(req.url).searchParams));
}
