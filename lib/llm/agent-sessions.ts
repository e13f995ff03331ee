import { db } from "@/lib/db/client";
import { jsonbText } from "@/lib/db/json";
import { recentTurns, type AgentSession, type AgentSessionStore } from "@/lib/sim";

/** Idle sessions older than this are dropped, as Bedrock drops a session after its idle time. */
const IDLE_MS = 24 * 60 * 60 * 1000;

/** The simulated Bedrock agent's sessions in the app's database, so they outlive the process as AWS's do. */
export const databaseAgentSessions: AgentSessionStore = {
  async get(owner, id) {
    const row = await (await db()).simAgentSession.findUnique({ where: { owner_id: { owner, id } } });
    return row && Date.now() - row.updatedAt.getTime() < IDLE_MS ? (row.session as AgentSession) : undefined;
  },
  async save(owner, id, session) {
    const prisma = await db();
    const kept = jsonbText({ ...session, messages: recentTurns(session.messages) });
    await prisma.$executeRaw`INSERT INTO "SimAgentSession" ("owner", "id", "session", "updatedAt") VALUES (${owner}, ${id}, ${kept}::jsonb, now())
      ON CONFLICT ("owner", "id") DO UPDATE SET "session" = EXCLUDED."session", "updatedAt" = now()`;
    await prisma.simAgentSession.deleteMany({ where: { updatedAt: { lt: new Date(Date.now() - IDLE_MS) } } });
  },
  async end(owner, id) {
    await (await db()).simAgentSession.deleteMany({ where: { owner, id } });
  },
};
