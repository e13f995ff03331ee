import { z } from "zod";
import { cancel } from "@/lib/domain/bookings";
import { existingScheduleView } from "@/lib/domain/schedules";
import { AppError } from "@/lib/errors";
import { query, route } from "@/lib/http/handler";
import { BookingIdParam } from "@/lib/http/schemas";
import { json } from "@/lib/json-http";

export const dynamic = "force-dynamic";

const Query = z.object({ demo: z.enum(["0", "1"]).optional() });

/** Cancels one of your own bookings (`?demo=1`: in your demo sandbox, where a sandbox not made yet holds none). */
export const DELETE = route<{ id: string }>(async (req, { userId, params }) => {
  const id = BookingIdParam.parse(params.id);
  const schedule = await existingScheduleView(userId, { demo: query(req, Query).demo === "1" });
  if (!schedule) throw new AppError("booking_not_found", `You hold no booking with the id "${id}".`);
  return json({ cancelled: await cancel(userId, id, schedule.id) });
});
