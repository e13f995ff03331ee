"use client";

import { useEffect } from "react";
import type { PatternId } from "@/lib/patterns/types";
import { rebuildConversation, type Conversation } from "@/lib/ui/run-state";
import { readSessionIds, rememberSessionId } from "@/lib/ui/sessions";
import { fetchRunEvents } from "@/lib/ui/trace-schema";

/**
 * After a reload, rebuilds a pattern's chat from the runs the server stored for its conversation
 * (GET /api/runs?sessionId=…, then each run's events), the first time the pattern is shown. A last
 * run that has not ended is left open and handed to `follow` with the seq of its last stored event,
 * so the page re-attaches to it (the server keeps it going for a grace period after the reload).
 */
export function useStoredConversation(
  pattern: PatternId,
  empty: boolean,
  restore: (pattern: PatternId, conversation: Conversation) => void,
  follow: (pattern: PatternId, runId: string, after: number) => void,
) {
  useEffect(() => {
    if (!empty) return;
    const sessionId = readSessionIds()[pattern];
    if (!sessionId) return;
    const abort = new AbortController();
    const get = async (url: string) => {
      const res = await fetch(url, { signal: abort.signal, cache: "no-store" });
      return { ok: res.ok, status: res.status, body: await res.json() };
    };
    (async () => {
      const list = await get(`/api/runs?sessionId=${encodeURIComponent(sessionId)}`);
      if (!list.ok) {
        // Gone (or never ours, e.g. a new cookie): start afresh instead of asking again on every visit.
        if (list.status === 404) rememberSessionId(pattern, null);
        return;
      }
      const runs: { id: string }[] = list.body.runs;
      const events = await Promise.all(runs.map((run) => fetchRunEvents(run.id, abort.signal)));
      if (abort.signal.aborted || events.length === 0) return;
      const last = events.at(-1)!;
      const going = last.length > 0 && !last.some((e) => e.type === "run.end");
      restore(pattern, rebuildConversation(events, sessionId, { followLast: going }));
      if (going) follow(pattern, last[0].runId, last.at(-1)!.seq);
    })().catch(() => {
      // The chat simply starts empty; the next message opens a new conversation.
    });
    return () => abort.abort();
  }, [pattern, empty, restore, follow]);
}
