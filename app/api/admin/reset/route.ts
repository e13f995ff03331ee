import { z } from "zod";
import { db } from "@/lib/db/client";
import { resetSchedule } from "@/lib/db/seed";
import { demoSandbox, resetSandbox } from "@/lib/domain/schedules";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/handler";
import { json, readJson } from "@/lib/json-http";

export const dynamic = "force-dynamic";

/** `{schedule: "demo"}` resets the member's own demo sandbox (allowed anywhere); no body, or `"club"`, the club's. */
const Body = z.object({ schedule: z.enum(["club", "demo"]).default("club") }).strict();

export const POST = route(
  async (req, { userId }) => {
    // No body (or an empty one, as some clients send) means the club's schedule, as before sandboxes.
    const hasBody = req.body !== null && req.headers.get("content-length") !== "0";
    const { schedule } = hasBody ? await readJson(req, Body) : { schedule: "club" as const };
    if (schedule === "demo") {
      const sandbox = await resetSandbox(userId, (await demoSandbox(userId)).id);
      return json({ status: "reset", schedule: sandbox });
    }
    const { NODE_ENV, ALLOW_RESET } = env();
    if (NODE_ENV !== "development" && ALLOW_RESET !== "1") {
      throw new AppError(
        "forbidden",
        'Resetting the club\'s schedule is a demo helper: allowed in development or with ALLOW_RESET=1. A demo sandbox resets with {"schedule":"demo"}.',
      );
    }
    await resetSchedule(await db());
    return json({ status: "reset" });
  },
  { limited: true },
);
