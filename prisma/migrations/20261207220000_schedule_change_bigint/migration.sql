-- The schedule's change sequence counts every booking made or released, forks' and sandboxes'
-- included: as INTEGER it could run out, after which nothing could be booked. 64 bits do not.
ALTER SEQUENCE "ScheduleChange" AS BIGINT;
ALTER TABLE "Booking" ALTER COLUMN "bookedMark" TYPE BIGINT;
ALTER TABLE "ReleasedBooking" ALTER COLUMN "bookedMark" TYPE BIGINT, ALTER COLUMN "releasedMark" TYPE BIGINT;
ALTER TABLE "Run" ALTER COLUMN "scheduleMark" TYPE BIGINT;
