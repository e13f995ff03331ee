import "@/lib/zod-in-browser";
import { DateTime } from "luxon";
import { z } from "zod";

/**
 * A clock a run can carry: `now` is an ISO timestamp (without an offset it is wall-clock time in
 * `timeZone`), `timeZone` an IANA zone. One schema for evaluation datasets, tapes and run.start;
 * apart from lib/domain/clock.ts so the browser can parse trace events with it.
 */
export const Clock = z.object({
  now: z.iso.datetime({ offset: true, local: true }),
  timeZone: z
    .string()
    .max(64)
    .refine((zone) => DateTime.local().setZone(zone).isValid, "timeZone must be an IANA zone, e.g. Europe/London"),
});
export type Clock = z.infer<typeof Clock>;

/** Where a run's clock came from: the server's, or one the run carries (an evaluation case's, a fork's parent's, a tape's). */
export const ClockSource = z.enum(["server", "case", "parent", "tape"]);
export type ClockSource = z.infer<typeof ClockSource>;
