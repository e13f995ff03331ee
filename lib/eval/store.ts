import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { jsonbText } from "@/lib/db/json";
import { AppError } from "@/lib/errors";
import { instanceId, STALE_MS } from "@/lib/trace/instance";
import type { Clock } from "@/lib/domain/clock-schema";
import type { Cell } from "./cells";
import type { EvalPlan } from "./runner";

type EvalStatus = "running" | "done" | "error" | "interrupted" | "cancelled";

export type Evaluation = {
  id: string;
  status: EvalStatus;
  /** What was measured: the choices, the dataset played (its name and clock; "corpus" for the built-in one) and whether the vendors were simulated. */
  plan: Pick<EvalPlan, "patterns" | "faults" | "cases" | "repeat" | "temperature" | "seed"> & {
    dataset?: { name: string; clock: Clock };
    vendors?: "sim" | "live";
  };
  progress: { done: number; total: number };
  cells: Cell[];
  error?: string;
  createdAt: string;
  endedAt?: string;
};

/** Cells as jsonb takes them: replies quoted in the judge's findings may hold what PostgreSQL text cannot. */
const storable = (cells: Cell[]) => JSON.parse(jsonbText(cells));

export async function createEvaluation(ownerId: string, plan: Evaluation["plan"], total: number): Promise<string> {
  const id = `eval_${randomUUID()}`;
  await (await db()).evaluation.create({ data: { id, ownerId, plan, total, instanceId: instanceId() } });
  return id;
}

/** Stores progress; false when the evaluation is no longer running (cancelled, from any instance), so its player stops. */
export async function saveProgress(id: string, done: number, cells: Cell[]): Promise<boolean> {
  const { count } = await (await db()).evaluation.updateMany({ where: { id, status: "running" }, data: { done, cells: storable(cells) } });
  return count > 0;
}

/** Closes a running evaluation; one already closed (cancelled meanwhile) keeps its outcome. */
export async function finishEvaluation(
  id: string,
  outcome: { cells: Cell[]; done: number } | { error: string } | { cancelled: string },
): Promise<void> {
  const data =
    "error" in outcome
      ? { status: "error", error: outcome.error }
      : "cancelled" in outcome
        ? { status: "cancelled", error: outcome.cancelled }
        : { status: "done", cells: storable(outcome.cells), done: outcome.done };
  await (await db()).evaluation.updateMany({ where: { id, status: "running" }, data: { ...data, endedAt: new Date() } });
}

/** Cancels the member's running evaluation (anyone else's reads as not found); one already over is left as it is. */
export async function cancelEvaluation(id: string, ownerId: string): Promise<void> {
  const prisma = await db();
  const { count } = await prisma.evaluation.updateMany({
    where: { id, ownerId, status: "running" },
    data: { status: "cancelled", error: "Cancelled by its owner.", endedAt: new Date() },
  });
  if (count === 0 && !(await prisma.evaluation.findFirst({ where: { id, ownerId }, select: { id: true } })))
    throw new AppError("not_found", `No evaluation "${id}" of yours.`);
}

/** Whether the member has an evaluation running on a live instance (one whose process is gone does not count). */
export async function hasRunningEvaluation(ownerId: string): Promise<boolean> {
  const liveSince = new Date(Date.now() - STALE_MS);
  const [row] = await (
    await db()
  ).$queryRaw<{ running: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM "Evaluation" e JOIN "Instance" i ON i."id" = e."instanceId"
      WHERE e."ownerId" = ${ownerId} AND e."status" = 'running' AND i."seenAt" >= ${liveSince}) AS "running"`;
  return row.running;
}

/**
 * One evaluation, for the member who started it (anyone else's reads as not found). One left
 * running by a process that is gone (its heartbeat stale) reads as interrupted.
 */
export async function loadEvaluation(id: string, viewerId: string): Promise<Evaluation> {
  const prisma = await db();
  const row = await prisma.evaluation.findUnique({ where: { id } });
  if (!row || row.ownerId !== viewerId) throw new AppError("not_found", `No evaluation "${id}" of yours.`);
  let status = row.status as EvalStatus;
  if (status === "running" && row.instanceId !== instanceId()) {
    const owner = row.instanceId ? await prisma.instance.findUnique({ where: { id: row.instanceId } }) : null;
    if (!owner || owner.seenAt.getTime() < Date.now() - STALE_MS) status = "interrupted";
  }
  return {
    id: row.id,
    status,
    plan: row.plan as Evaluation["plan"],
    progress: { done: row.done, total: row.total },
    cells: row.cells as Cell[],
    ...(row.error ? { error: row.error } : {}),
    createdAt: row.createdAt.toISOString(),
    ...(row.endedAt ? { endedAt: row.endedAt.toISOString() } : {}),
  };
}
