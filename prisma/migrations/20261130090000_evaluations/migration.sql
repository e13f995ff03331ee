-- Evaluations: pattern × fault matrices over the conversation corpus, with their progress and cells.
CREATE TABLE "Evaluation" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "plan" JSONB NOT NULL,
    "done" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL,
    "cells" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    "instanceId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "Evaluation_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "Evaluation_status_idx" ON "Evaluation"("status");
CREATE INDEX "Evaluation_ownerId_createdAt_idx" ON "Evaluation"("ownerId", "createdAt");
