-- AlterTable
ALTER TABLE "Run" ADD COLUMN "instanceId" TEXT;

-- CreateTable
CREATE TABLE "Instance" (
    "id" TEXT NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Instance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateLimit" (
    "key" TEXT NOT NULL,
    "milliTokens" INTEGER NOT NULL,
    "refilledAt" TIMESTAMP(3) NOT NULL,
    "granted" BOOLEAN NOT NULL,

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "Instance_seenAt_idx" ON "Instance"("seenAt");

-- CreateIndex
CREATE INDEX "Run_status_idx" ON "Run"("status");
