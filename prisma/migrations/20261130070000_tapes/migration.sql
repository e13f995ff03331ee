-- Time travel: each run's recorded model traffic, its state before and the schedule it found.
CREATE TABLE "Tape" (
    "runId" TEXT NOT NULL,
    "parentRunId" TEXT,
    "forkedAt" INTEGER,
    "stateBefore" JSONB NOT NULL,
    "schedule" JSONB NOT NULL,
    "options" JSONB NOT NULL,
    "exchanges" TEXT NOT NULL,
    "toolResults" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Tape_pkey" PRIMARY KEY ("runId")
);

-- Tapes are written once and read whole: stored uncompressed, which halves the cost of writing one.
ALTER TABLE "Tape" ALTER COLUMN "exchanges" SET STORAGE EXTERNAL, ALTER COLUMN "toolResults" SET STORAGE EXTERNAL;

CREATE INDEX "Tape_parentRunId_idx" ON "Tape"("parentRunId");

ALTER TABLE "Tape" ADD CONSTRAINT "Tape_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
