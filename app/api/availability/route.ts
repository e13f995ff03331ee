import { z } from "zod";
import { checkAvailability } from "@/lib/domain/bookings";
import { DateParam, TimeParam } from "@/lib/http/schemas";
import { query, route } from "@/lib/http/handler";
import { json } from "@/lib/json-http";

export const dynamic = "force-dynamic";

const Query = z.object({ date: DateParam, time: TimeParam.optional() });

export const GET = route(async (req) => {
  const { date, time } = query(req, Query);
  return json({ date, time: time ?? null, slots: await checkAvailability(date, time) });
});
