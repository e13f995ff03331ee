import { z } from "zod";
import { daySchedule } from "@/lib/domain/bookings";
import { clubToday } from "@/lib/domain/clock";
import { DateParam } from "@/lib/http/schemas";
import { json, query, route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

const Query = z.object({ date: DateParam.optional() });

/** The courts day view: every hour of every court, free / taken / yours / past. */
export const GET = route(async (req, { userId }) => {
  const date = query(req, Query).date ?? clubToday();
  return json({ date, cells: await daySchedule(userId, date) });
});
