import { z } from "zod";
import { AppError, INTERNAL_MESSAGE, isAppError } from "@/lib/errors";

/**
 * JSON over HTTP, the same for the app's routes (lib/http) and the services' envelope
 * (lib/services): a bounded, validated JSON body in; JSON, or `{error: {code, message}}` with the
 * error's status, out — never a stack trace.
 */
const MAX_BODY_BYTES = 16 * 1024;

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { "cache-control": "no-store" } });
}

export function errorResponse(error: unknown): Response {
  if (isAppError(error)) {
    const res = json({ error: error.toJSON() }, error.status);
    if (typeof error.details?.retry_after_s === "number") res.headers.set("retry-after", String(error.details.retry_after_s));
    return res;
  }
  if (error instanceof z.ZodError) {
    const message = error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
    return json({ error: { code: "bad_request", message } }, 400);
  }
  console.error(error);
  // No promise that nothing changed: the failure may come after a side effect.
  return json({ error: { code: "internal", message: INTERNAL_MESSAGE } }, 500);
}

/** Reads and validates a JSON body (content-type application/json only), refusing anything over `maxBytes` (16 KB unless a route takes more) before parsing it. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, maxBytes = MAX_BODY_BYTES): Promise<z.infer<S>> {
  assertJson(req);
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const text = await readLimited(req, maxBytes);
  let body: unknown;
  try {
    // Lone surrogates become U+FFFD at the boundary: stored later, one would fail a write after a booking.
    body = JSON.parse(text, (_key, value: unknown) => (typeof value === "string" ? value.toWellFormed() : value));
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
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(limit: number): AppError {
  return new AppError("payload_too_large", `Request bodies are limited to ${limit / 1024} KB.`);
}

/** Bodies are JSON only: text/plain and form bodies are what another site can send unasked. */
export function assertJson(req: Request): void {
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json")
    throw new AppError("unsupported_media_type", "Send the body as JSON with content-type: application/json.");
}
