import { z } from "zod";
import { daySchedule } from "@/lib/domain/bookings";
import { clubToday } from "@/lib/domain/clock";
import { scheduleView } from "@/lib/domain/schedules";
import { DateParam, SandboxParam } from "@/lib/http/schemas";
import { query, route } from "@/lib/http/handler";
import { json } from "@/lib/json-http";

export const dynamic = "force-dynamic";

const Query = z.object({ date: DateParam.optional(), demo: z.enum(["0", "1"]).optional(), sandbox: SandboxParam.optional() });

/** The courts day view: every hour of every court, free / taken / yours / past, on the club's schedule or the member's sandbox. */
export const GET = route(async (req, { userId }) => {
  const q = query(req, Query);
  const date = q.date ?? clubToday();
  const schedule = await scheduleView(userId, { demo: q.demo === "1", sandboxId: q.sandbox });
  return json({ date, schedule, cells: await daySchedule(userId, date, schedule.id) });
});
