-- The simulated Bedrock agent's sessions, kept as AWS keeps a real agent's: outside the app's process,
-- so a paused H run survives a restart and another instance can resume it.
CREATE TABLE "SimAgentSession" (
    "owner" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "session" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SimAgentSession_pkey" PRIMARY KEY ("owner","id")
);

CREATE INDEX "SimAgentSession_updatedAt_idx" ON "SimAgentSession"("updatedAt");
