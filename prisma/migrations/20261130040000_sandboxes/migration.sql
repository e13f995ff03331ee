-- Sandboxed schedules: bookings belong to a schedule, the club's own or a sandbox.
CREATE TABLE "Schedule" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "ownerId" TEXT,
    "pattern" TEXT,
    "expiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Schedule_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "Schedule_ownerId_kind_idx" ON "Schedule"("ownerId", "kind");
CREATE INDEX "Schedule_expiresAt_idx" ON "Schedule"("expiresAt");

-- The club's own schedule; every existing booking is in it.
INSERT INTO "Schedule" ("id", "kind") VALUES ('club', 'club');

ALTER TABLE "Booking" ADD COLUMN "scheduleId" TEXT NOT NULL DEFAULT 'club';

DROP INDEX "Booking_courtId_date_time_key";
CREATE UNIQUE INDEX "Booking_scheduleId_courtId_date_time_key" ON "Booking"("scheduleId", "courtId", "date", "time");
CREATE INDEX "Booking_scheduleId_userId_date_idx" ON "Booking"("scheduleId", "userId", "date");

ALTER TABLE "Booking" ADD CONSTRAINT "Booking_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Step mode: holds reached and continues sent per run, shared by every app instance.
CREATE TABLE "StepGate" (
    "runId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "holds" INTEGER NOT NULL DEFAULT 0,
    "continues" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StepGate_pkey" PRIMARY KEY ("runId")
);
