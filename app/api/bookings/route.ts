import { z } from "zod";
import { book, listBookings } from "@/lib/domain/bookings";
import { json, readJson, route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

const Body = z.object({ slot_id: z.string().min(1).max(64), idempotency_key: z.string().min(1).max(128).optional() });

export const GET = route(async (_req, { userId }) => json({ bookings: await listBookings(userId) }));

export const POST = route(async (req, { userId }) => {
  const body = await readJson(req, Body);
  const key = body.idempotency_key ?? req.headers.get("idempotency-key") ?? undefined;
  return json(await book(userId, body.slot_id, key), 201);
});
