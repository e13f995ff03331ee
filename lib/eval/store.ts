import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { jsonbText } from "@/lib/db/json";
import { AppError } from "@/lib/errors";
import { instanceId, STALE_MS } from "@/lib/trace/instance";
import type { Clock } from "@/lib/domain/clock-schema";
import type { Cell } from "./cells";
import type { EvalPlan } from "./runner";

type EvalStatus = "running" | "done" | "error" | "interrupted";

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

export async function saveProgress(id: string, done: number, cells: Cell[]): Promise<void> {
  await (await db()).evaluation.updateMany({ where: { id, status: "running" }, data: { done, cells: storable(cells) } });
}

export async function finishEvaluation(id: string, outcome: { cells: Cell[]; done: number } | { error: string }): Promise<void> {
  const data =
    "error" in outcome ? { status: "error", error: outcome.error } : { status: "done", cells: storable(outcome.cells), done: outcome.done };
  await (await db()).evaluation.update({ where: { id }, data: { ...data, endedAt: new Date() } });
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
