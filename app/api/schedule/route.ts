import { z } from "zod";
import { daySchedule } from "@/lib/domain/bookings";
import { clubToday } from "@/lib/domain/clock";
import { existingScheduleView } from "@/lib/domain/schedules";
import { DateParam, SandboxParam } from "@/lib/http/schemas";
import { query, route } from "@/lib/http/handler";
import { json } from "@/lib/json-http";

export const dynamic = "force-dynamic";

const Query = z.object({ date: DateParam.optional(), demo: z.enum(["0", "1"]).optional(), sandbox: SandboxParam.optional() });

/**
 * The courts day view: every hour of every court, free / taken / yours / past, on the club's
 * schedule or the member's sandbox. A look never creates one: `?demo=1` before the member's demo
 * sandbox exists answers the seed it will be laid with (`schedule: {id: null, kind: "demo"}`).
 */
export const GET = route(async (req, { userId }) => {
  const q = query(req, Query);
  const date = q.date ?? clubToday();
  const schedule = (await existingScheduleView(userId, { demo: q.demo === "1", sandboxId: q.sandbox })) ?? { id: null, kind: "demo" };
  return json({ date, schedule, cells: await daySchedule(userId, date, schedule.id) });
});
