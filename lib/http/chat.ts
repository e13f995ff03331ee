import { z } from "zod";
import { handDemoTo, scheduleView } from "@/lib/domain/schedules";
import { appOrigin } from "@/lib/env";
import type { DecidedApproval } from "@/lib/patterns/approvals";
import { executeRun, type RunOutcome } from "@/lib/patterns/engine";
import { admitStepRun } from "@/lib/patterns/step-mode";
import { RunOptions } from "@/lib/patterns/options";
import { PATTERN_IDS, type PatternId } from "@/lib/patterns/types";
import type { TraceEvent } from "@/lib/trace/events";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/json-http";
import { clientAddress } from "./address";
import { loadRun } from "@/lib/trace/store";
import { LiveRun, liveRun } from "./live-runs";

export const ChatBody = z.object({
  pattern: z
    .string()
    .transform((p) => p.toUpperCase())
    .pipe(z.enum(PATTERN_IDS)),
  // Control characters (NUL above all) carry no meaning in a chat message and cannot be stored.
  message: z
    .string()
    .transform((m) => m.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, ""))
    .pipe(z.string().trim().min(1, "message must not be empty").max(4000, "message is limited to 4,000 characters")),
  sessionId: z
    .string()
    .regex(/^[\w-]{8,80}$/, "sessionId must be 8–80 letters, digits, - or _")
    .optional(),
  // Where the run books: the member's demo sandbox, or one of their own sandboxes by id; else the club's.
  demo: z.boolean().optional(),
  sandboxId: z
    .string()
    .regex(/^sbx_[\w-]{8,80}$/, "sandboxId must be a sandbox id (sbx_…)")
    .optional(),
  options: RunOptions.optional(),
});
export type ChatBody = z.infer<typeof ChatBody>;

export const DecisionBody = z.strictObject({
  decision: z.enum(["approve", "reject"]),
  reason: z
    .string()
    .transform((m) => m.replace(/[\u0000-\u001F\u007F]/g, " "))
    .pipe(z.string().trim().max(300, "reason is limited to 300 characters"))
    .optional(),
});

const encoder = new TextEncoder();

/**
 * Streams a run as Server-Sent Events, one `data: <event>` per trace event (each carries its `seq`,
 * the Last-Event-ID to follow it again from). The first event goes out at once; closing the
 * connection (request.signal or the stream's cancel, whichever the host delivers) aborts the run
 * only if nobody follows it again within RUN_GRACE_MS (a reload does: lib/http/live-runs.ts), and
 * the run still records its run.end.
 */
export async function streamRun(req: Request, body: ChatBody, userId: string): Promise<Response> {
  // A step-mode run past its caps is refused with 429 before any stream starts.
  if (body.options?.stepMode) await admitStepRun(userId, clientAddress(req));
  return streamEvents(req, userId, async (signal, send) => executeRun({ ...(await runRequest(req, body, userId)), signal }, send));
}

/** Streams the continuation of a run the member just decided on, in the same events as a run. */
export function streamResume(req: Request, approval: DecidedApproval): Response {
  const { row, resumption } = approval;
  return streamEvents(req, row.userId, (signal, send) =>
    executeRun(
      {
        pattern: row.pattern as PatternId,
        message: row.input,
        userId: row.userId,
        sessionId: row.sessionId,
        scheduleId: row.scheduleId,
        options: row.options as RunOptions,
        origin: appOrigin(),
        signal,
        resume: resumption,
      },
      send,
    ),
  );
}

/**
 * Any run of `userId`'s as Server-Sent Events (a chat turn, a fork, a continuation): `run` gets the
 * signal that aborts it once nobody has followed it for the grace period after this connection closed.
 */
export function streamEvents(
  req: Request,
  userId: string,
  run: (signal: AbortSignal, send: (event: TraceEvent) => void) => Promise<unknown>,
): Response {
  const abort = new AbortController();
  const live = new LiveRun(userId, abort);
  let open = true;
  let leave = () => undefined as void;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const write = (text: string) => {
        if (open) controller.enqueue(encoder.encode(text));
      };
      leave = live.follow({ deliver: (event) => write(`data: ${JSON.stringify(event)}\n\n`), end: () => undefined });
      req.signal.addEventListener("abort", () => hangUp(), { once: true });
      try {
        await run(abort.signal, live.publish);
      } catch (error) {
        // Failures before run.start (unknown session, pattern not built) still reach the client.
        write(`event: error\ndata: ${JSON.stringify(await errorResponse(error).json())}\n\n`);
      }
      live.end();
      if (open) controller.close();
      open = false;
    },
    cancel() {
      hangUp();
    },
  });
  function hangUp() {
    open = false;
    leave();
  }
  return sseResponse(stream);
}

/**
 * Follows one of the member's runs after a reload: the events after `after` (the Last-Event-ID),
 * then, while the run is live in this process, each new one until its end. A run that is not live
 * here (it ended, or runs on another instance) answers with what the store holds after `after`.
 */
export async function followRun(req: Request, runId: string, userId: string, after: number): Promise<Response> {
  const live = liveRun(runId, userId);
  const frame = (event: TraceEvent) => encoder.encode(`id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`);
  if (!live) {
    const stored = await loadRun(runId, userId);
    if (!stored) throw new AppError("not_found", `No run has the id "${runId}".`);
    const events = stored.events.filter((e) => e.seq > after);
    return sseResponse(
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const event of events) controller.enqueue(frame(event));
          controller.close();
        },
      }),
    );
  }
  let open = true;
  let leave = () => undefined as void;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const close = () => {
        if (open) controller.close();
        open = false;
      };
      for (const event of live.events) if (event.seq > after) controller.enqueue(frame(event));
      leave = live.follow({ deliver: (event) => open && controller.enqueue(frame(event)), end: close });
      req.signal.addEventListener("abort", () => hangUp(), { once: true });
    },
    cancel() {
      hangUp();
    },
  });
  function hangUp() {
    open = false;
    leave();
  }
  return sseResponse(stream);
}

function sseResponse(stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
      "content-encoding": "none",
      connection: "keep-alive",
    },
  });
}

/** Runs to completion and returns the reply, for the JSON endpoint. */
export async function runToEnd(req: Request, body: ChatBody, userId: string): Promise<RunOutcome> {
  return executeRun({ ...(await runRequest(req, body, userId)), signal: req.signal }, () => undefined);
}

async function runRequest(req: Request, body: ChatBody, userId: string) {
  const scheduleId = await scheduleFor(userId, body);
  return {
    pattern: body.pattern,
    message: body.message,
    sessionId: body.sessionId,
    scheduleId,
    options: body.options,
    userId,
    address: clientAddress(req),
    origin: appOrigin(),
  };
}

/** The server picks the schedule: a sandbox only if it is the member's own, the demo one handed to this pattern. */
async function scheduleFor(userId: string, body: ChatBody): Promise<string> {
  const schedule = await scheduleView(userId, { demo: body.demo, sandboxId: body.sandboxId });
  if (schedule.kind === "demo") await handDemoTo(userId, schedule.id, body.pattern);
  return schedule.id;
}
