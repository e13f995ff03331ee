import { dbKind, opened } from "@/lib/db/client";
import { clubNow, clubTimezone } from "@/lib/domain/clock";
import { route } from "@/lib/http/handler";
import { json } from "@/lib/json-http";
import { vendorModes } from "@/lib/llm";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  await opened();
  return json({ status: "ok", db: dbKind(), vendors: vendorModes(), now: clubNow().toISO(), timezone: clubTimezone() });
});
