import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Decision, Hold } from "./kit/approval";
import type { RunOptions } from "./options";
import type { PatternId } from "./types";

/**
 * Human approval, the server's side. A paused run's hold is a row in the database (Approval) with
 * the pattern's serialised state, so the member's decision may reach any app instance, after any
 * restart; the first decision wins, atomically, and only the run's owner can make it. A hold
 * nobody decided within APPROVAL_TTL_MINUTES is decided as rejected with reason "expired".
 */
export type Resumption = { runId: string; held: unknown; decision: Decision };

type PausedRun = {
  runId: string;
  sessionId: string;
  userId: string;
  pattern: PatternId;
  scheduleId: string;
  input: string;
  options: RunOptions;
};

export async function holdForApproval(run: PausedRun, hold: Hold): Promise<{ id: string; stateBytes: number }> {
  const id = `apr_${randomUUID()}`;
  const state = JSON.stringify(hold.state);
  const expiresAt = new Date(Date.now() + env().APPROVAL_TTL_MINUTES * 60_000);
  await (
    await db()
  ).approval.create({
    data: {
      id,
      ...run,
      options: run.options as Prisma.InputJsonValue,
      node: hold.node,
      tool: hold.tool,
      args: (hold.args ?? {}) as Prisma.InputJsonValue,
      summary: hold.summary,
      heldBy: hold.heldBy,
      state,
      expiresAt,
    },
  });
  return { id, stateBytes: Buffer.byteLength(state) };
}

/**
 * A new turn in the conversation moves it past a paused one: resuming that later would rewind the
 * pattern's state, so its approval is closed (status "expired", reason "superseded").
 */
export async function supersedeApprovals(sessionId: string, pattern: PatternId): Promise<void> {
  await (
    await db()
  ).approval.updateMany({
    where: { sessionId, pattern, status: "pending" },
    data: { status: "expired", reason: "superseded", decidedAt: new Date() },
  });
}

/** What the member sees of an approval: never the serialised state. */
export type ApprovalView = {
  id: string;
  runId: string;
  sessionId: string;
  pattern: string;
  node: string;
  tool: string;
  args: unknown;
  summary: string;
  heldBy: string;
  stateBytes: number;
  expiresAt: string;
  createdAt: string;
};

/** The member's approvals still waiting for them, oldest first. */
export async function pendingApprovals(userId: string): Promise<ApprovalView[]> {
  const rows = await (
    await db()
  ).approval.findMany({ where: { userId, status: "pending", expiresAt: { gt: new Date() } }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => ({
    id: r.id,
    runId: r.runId,
    sessionId: r.sessionId,
    pattern: r.pattern,
    node: r.node,
    tool: r.tool,
    args: r.args,
    summary: r.summary,
    heldBy: r.heldBy,
    stateBytes: Buffer.byteLength(r.state),
    expiresAt: r.expiresAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
  }));
}

export type DecidedApproval = Awaited<ReturnType<typeof decideApproval>>;

/**
 * Records the owner's decision, once: another member's approval is not found (as for every owner
 * check on a resource named by an unguessable id), a decided one is a conflict, and an expired one
 * is decided as rejected with reason "expired" whatever was asked.
 */
export async function decideApproval(id: string, userId: string, decision: "approve" | "reject", reason?: string) {
  const prisma = await db();
  const decidedAt = new Date();
  const owned = { id, userId, status: "pending" };
  const expired = await prisma.approval.updateMany({
    where: { ...owned, expiresAt: { lte: decidedAt } },
    data: { status: "expired", reason: "expired", decidedAt },
  });
  if (!expired.count) {
    const status = decision === "approve" ? "approved" : "rejected";
    const decided = await prisma.approval.updateMany({ where: owned, data: { status, reason: reason ?? null, decidedAt } });
    if (!decided.count) {
      const row = await prisma.approval.findUnique({ where: { id }, select: { userId: true, status: true } });
      if (!row || row.userId !== userId) throw new AppError("not_found", `No approval "${id}" is waiting for you.`);
      throw new AppError("not_paused", `That approval was already decided (${row.status}).`);
    }
  }
  const row = await prisma.approval.findUniqueOrThrow({ where: { id } });
  const approved = row.status === "approved";
  return {
    row,
    resumption: {
      runId: row.runId,
      held: JSON.parse(row.state) as unknown,
      decision: { approved, ...(row.reason ? { reason: row.reason } : {}) },
    } satisfies Resumption,
  };
}
