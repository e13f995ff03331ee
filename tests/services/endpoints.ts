import { expect } from "vitest";
import type { PatternId } from "@/lib/patterns/types";
import type { TraceEvent } from "@/lib/trace/events";
import { freshDb } from "../helpers";
import { bookingsOf } from "../patterns/harness";

/**
 * One booking through POST /api/patterns/{id}/chat, then a question in the same session through
 * the SSE stream of POST /api/chat, as outside clients and the browser reach a pattern.
 */
export async function answersThroughBothEndpoints(pattern: PatternId) {
  const { SESSION_COOKIE, sign } = await import("@/lib/http/session");
  const chat = await import("@/app/api/chat/route");
  const patternChat = await import("@/app/api/patterns/[id]/chat/route");
  await freshDb();
  const member = `endpoints-${pattern}`;
  const post = (path: string, body: unknown) => new Request(`http://club.test${path}`, { method: "POST", body: JSON.stringify(body), headers: { cookie: `${SESSION_COOKIE}=${sign(member)}` } });

  const res = await patternChat.POST(post(`/api/patterns/${pattern}/chat`, { message: "Book court C on December 4th at 10am" }), { params: Promise.resolve({ id: pattern }) });
  const answer = await res.json();
  expect(answer).toMatchObject({ response: expect.stringMatching(/Court C/), session_id: expect.any(String), run_id: expect.stringMatching(/^run_/) });

  const sse = await chat.POST(post("/api/chat", { pattern, message: "What is free on December 4th at 11am?", sessionId: answer.session_id }), { params: Promise.resolve({}) } as never);
  const events: TraceEvent[] = (await sse.text()).split("\n\n").filter(Boolean).map((block) => JSON.parse(block.replace(/^data: /, "")));
  expect(events[0]).toMatchObject({ type: "run.start", pattern, sessionId: answer.session_id });
  expect(events.some((e) => e.type === "http.response" && e.status === 200)).toBe(true);
  expect(events.at(-1)).toMatchObject({ type: "run.end", status: "ok" });
  expect((await bookingsOf(member)).map((b) => b.slot_id)).toEqual(["2026-12-04_CourtC_1000"]);
}
