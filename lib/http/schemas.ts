import { z } from "zod";

export const DateParam = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD");
export const TimeParam = z.string().regex(/^\d{2}:\d{2}$/, "expected a time as HH:MM");
/** A booking id as the API hands them out (cuid); anything longer is no booking and is not echoed back. */
export const BookingIdParam = z.string().min(1).max(64);
export const SandboxParam = z.string().regex(/^sbx_[\w-]{8,80}$/, "expected a sandbox id (sbx_…)");
export const EvalIdParam = z.string().regex(/^eval_[\w-]{8,80}$/, "expected an evaluation id (eval_…)");
