import type { PatternId } from "@/lib/patterns/types";

/**
 * Each pattern's conversation id, kept in this browser so a reload can rebuild the chat from the
 * runs the server stored (GET /api/runs?sessionId=…). Only ids live here, never the messages.
 */
const KEY = "csp.sessions";

export type SessionIds = Partial<Record<PatternId, string>>;

export function readSessionIds(): SessionIds {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? "{}");
    return typeof parsed === "object" && parsed !== null ? (parsed as SessionIds) : {};
  } catch {
    return {};
  }
}

export function rememberSessionId(pattern: PatternId, sessionId: string | null) {
  try {
    const ids = readSessionIds();
    if (sessionId) ids[pattern] = sessionId;
    else delete ids[pattern];
    localStorage.setItem(KEY, JSON.stringify(ids));
  } catch {
    // Storage can be off (private mode): the chat then lasts as long as the page.
  }
}
