import { z } from "zod";
import { book, listBookings } from "@/lib/domain/bookings";
import { json, readJson, route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

const IdempotencyKey = z.string().min(1).max(128);
const Body = z.object({ slot_id: z.string().min(1).max(64), idempotency_key: IdempotencyKey.optional() });
const KeyHeader = z.object({ "idempotency-key": IdempotencyKey.optional() });

export const GET = route(async (_req, { userId }) => json({ bookings: await listBookings(userId) }));

export const POST = route(async (req, { userId }) => {
  const body = await readJson(req, Body);
  const header = KeyHeader.parse({ "idempotency-key": req.headers.get("idempotency-key") ?? undefined });
  return json(await book(userId, body.slot_id, body.idempotency_key ?? header["idempotency-key"]), 201);
}, { limited: true });
