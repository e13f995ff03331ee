import { z } from "zod";
import { book, listBookings } from "@/lib/domain/bookings";
import { scheduleView } from "@/lib/domain/schedules";
import { json, query, readJson, route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

// `demo` works on the member's demo sandbox instead of the club's schedule.
const Body = z.object({ slot_id: z.string().min(1).max(64), idempotency_key: z.string().min(1).max(128).optional(), demo: z.boolean().optional() });
const Query = z.object({ demo: z.enum(["0", "1"]).optional() });

export const GET = route(async (req, { userId }) => {
  const schedule = await scheduleView(userId, { demo: query(req, Query).demo === "1" });
  return json({ bookings: await listBookings(userId, schedule.id) });
});

export const POST = route(async (req, { userId }) => {
  const body = await readJson(req, Body);
  const key = body.idempotency_key ?? req.headers.get("idempotency-key") ?? undefined;
  const schedule = await scheduleView(userId, { demo: body.demo });
  return json(await book(userId, body.slot_id, key, schedule.id), 201);
});
