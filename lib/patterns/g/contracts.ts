import { z } from "zod";
import type { ServiceContract } from "@/lib/services/contract";
import { APPROVAL_TOOLS } from "../kit/approval";

/**
 * The wire contracts of G's agent services: the manager (./manager.ts) sends each specialist a task
 * in plain words and gets its answer back; the specialists (./availability-agent.ts,
 * ./booking-agent.ts) parse with the same schemas.
 */
const Task = z.object({ task: z.string().trim().min(1).max(2000) });
const Answer = z.object({ answer: z.string() });

export const AVAILABILITY_AGENT = { name: "availability-agent", input: Task, output: Answer } satisfies ServiceContract;

/** In approval mode the booking agent stops before booking and hands its loop state back; the manager resumes it with the member's decision. */
export const BOOKING_AGENT = {
  name: "booking-agent",
  input: Task.extend({
    resume: z.object({ state: z.string().max(12_000), approved: z.boolean(), reason: z.string().max(300).optional() }).optional(),
  }),
  output: z.union([
    Answer,
    z.object({
      interruption: z.object({
        tool: z.enum(APPROVAL_TOOLS),
        args: z.record(z.string(), z.unknown()),
        state: z.string(),
      }),
    }),
  ]),
} satisfies ServiceContract;
