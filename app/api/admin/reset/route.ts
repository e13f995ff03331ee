import { db } from "@/lib/db/client";
import { resetSchedule } from "@/lib/db/seed";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const POST = route(async () => {
  const { NODE_ENV, ALLOW_RESET } = env();
  if (NODE_ENV !== "development" && ALLOW_RESET !== "1") {
    throw new AppError("forbidden", "Reset is a demo helper: allowed in development or with ALLOW_RESET=1.");
  }
  await resetSchedule(await db());
  return json({ status: "reset" });
});
