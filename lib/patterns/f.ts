/**
 * F — Multi-agent in one process. A manager agent routes the conversation to specialists
 * (availability, booking), each with its own instructions and tools; the agents decide who works
 * next. Use it when distinct skills deserve distinct prompts and tools but one deployment suffices.
 */
import type { PatternInfo } from "./types";
import { graph } from "./graph";

export const patternF: PatternInfo = {
  id: "F",
  name: "Multi-agent",
  style: "Multi-agent, one process",
  runtime: "shared",
  decides: "A manager agent routes to specialist agents",
  decider: "llm",
  vendors: { manager: "openai", "availability-agent": "openai", "booking-agent": "openai" },
  source: "lib/patterns/f.ts",
  graph: graph(
    [["user", "user", "Member", 0, 1], ["manager", "agent", "Manager", 1, 1, "routes"], ["availability-agent", "agent", "Availability agent", 2, 0.3], ["booking-agent", "agent", "Booking agent", 2, 1.7],
      ["check", "tool", "check_availability", 3, 0.3], ["book", "tool", "book_slot", 3, 1.7], ["db", "db", "Bookings DB", 4, 1]],
    [["user", "manager"], ["manager", "availability-agent"], ["manager", "booking-agent"], ["availability-agent", "check"], ["booking-agent", "book"], ["check", "db"], ["book", "db"], ["manager", "user", "reply"]],
  ),
};
