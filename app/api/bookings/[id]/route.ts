import { z } from "zod";
import { cancel } from "@/lib/domain/bookings";
import { scheduleView } from "@/lib/domain/schedules";
import { query, route } from "@/lib/http/handler";
import { json } from "@/lib/json-http";

export const dynamic = "force-dynamic";

const Query = z.object({ demo: z.enum(["0", "1"]).optional() });

/** Cancels one of your own bookings (`?demo=1`: in your demo sandbox). */
export const DELETE = route<{ id: string }>(async (req, { userId, params }) => {
  const schedule = await scheduleView(userId, { demo: query(req, Query).demo === "1" });
  return json({ cancelled: await cancel(userId, params.id, schedule.id) });
});
