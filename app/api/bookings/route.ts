import { z } from "zod";
import { book, listBookings } from "@/lib/domain/bookings";
import { existingScheduleView, scheduleView } from "@/lib/domain/schedules";
import { query, route } from "@/lib/http/handler";
import { json, readJson } from "@/lib/json-http";

export const dynamic = "force-dynamic";

const IdempotencyKey = z.string().min(1).max(128);
// `demo` works on the member's demo sandbox instead of the club's schedule.
const Body = z.object({ slot_id: z.string().min(1).max(64), idempotency_key: IdempotencyKey.optional(), demo: z.boolean().optional() });
const KeyHeader = z.object({ "idempotency-key": IdempotencyKey.optional() });
const Query = z.object({ demo: z.enum(["0", "1"]).optional() });

/** The member's upcoming bookings; in a demo sandbox not made yet (a look never makes one), none. */
export const GET = route(async (req, { userId }) => {
  const schedule = await existingScheduleView(userId, { demo: query(req, Query).demo === "1" });
  return json({ bookings: schedule ? await listBookings(userId, schedule.id) : [] });
});

export const POST = route(
  async (req, { userId }) => {
    const body = await readJson(req, Body);
    const header = KeyHeader.parse({ "idempotency-key": req.headers.get("idempotency-key") ?? undefined });
    const schedule = await scheduleView(userId, { demo: body.demo });
    return json(await book(userId, body.slot_id, body.idempotency_key ?? header["idempotency-key"], schedule.id), 201);
  },
  { limited: true },
);
