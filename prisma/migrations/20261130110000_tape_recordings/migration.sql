-- Where each schedule stood when a run started, kept without copying it: every booking made or
-- released takes the next mark of one sequence, a run notes the last mark as it starts, and a
-- released booking is kept with both marks. A fork's schedule is then derived from the marks when
-- it is asked for, instead of being copied into every run's tape as the run starts.
CREATE SEQUENCE "ScheduleChange" AS INTEGER;

ALTER TABLE "Booking" ADD COLUMN "bookedMark" INTEGER NOT NULL DEFAULT nextval('"ScheduleChange"');

CREATE TABLE "ReleasedBooking" (
    "id" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "courtId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "time" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "userId" TEXT NOT NULL,
    "bookedMark" INTEGER NOT NULL,
    "releasedMark" INTEGER NOT NULL DEFAULT nextval('"ScheduleChange"'),

    CONSTRAINT "ReleasedBooking_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "ReleasedBooking_scheduleId_releasedMark_idx" ON "ReleasedBooking"("scheduleId", "releasedMark");

-- Every way a booking goes (a cancellation, a sandbox reset, a sandbox removed with its bookings)
-- is kept, so no code path can forget to; no foreign key, so a removed sandbox's past outlives it.
CREATE FUNCTION "keep_released_booking"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "ReleasedBooking" ("id", "scheduleId", "courtId", "date", "time", "startsAt", "userId", "bookedMark")
  VALUES (OLD."id", OLD."scheduleId", OLD."courtId", OLD."date", OLD."time", OLD."startsAt", OLD."userId", OLD."bookedMark");
  RETURN OLD;
END
$$;

CREATE TRIGGER "Booking_released" AFTER DELETE ON "Booking" FOR EACH ROW EXECUTE FUNCTION "keep_released_booking"();

-- A run's tape is part of its row, written once by the statement that closes the run, as one
-- compressed recording (lib/tapes/recording.ts): no row, key and index of its own to write.
-- Tapes written before keep their content as plain JSON, which the reader takes as it is.
ALTER TABLE "Run" ADD COLUMN "scheduleMark" INTEGER, ADD COLUMN "tape" TEXT;
ALTER TABLE "Run" ALTER COLUMN "tape" SET STORAGE EXTERNAL;

-- An unfinished recording ('') is one whose run was cut off before it ended: there is nothing to replay.
UPDATE "Run" SET "tape" = json_build_object(
    'parentRunId', t."parentRunId", 'forkedAt', t."forkedAt", 'stateBefore', t."stateBefore", 'options', t."options",
    'schedule', t."schedule", 'exchanges', t."exchanges"::json, 'toolResults', t."toolResults"::json
)::text FROM "Tape" t WHERE t."runId" = "Run"."id" AND t."exchanges" <> '';

DROP TABLE "Tape";
