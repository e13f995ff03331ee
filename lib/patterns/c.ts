/**
 * C — Workflow across independent services. The same fixed steps as B, but each step is its own
 * deployable service reached over HTTP (parse, availability, booking), so steps scale, fail and
 * ship independently. Code still decides the order. Use it when teams or scaling needs split a
 * known process across processes.
 */
import type { PatternInfo } from "./types";
import { graph } from "./graph";

export const patternC: PatternInfo = {
  id: "C",
  name: "Workflow (services)",
  style: "Workflow, independent services",
  runtime: "services",
  decides: "A fixed orchestrator calls services in order",
  decider: "code",
  vendors: { "parse-llm": "openai", "availability-llm": "anthropic", "booking-llm": "bedrock" },
  source: "lib/patterns/c.ts",
  graph: graph(
    [["user", "user", "Member", 0, 1], ["orchestrator", "code", "Orchestrator", 1, 1, "fixed order"],
      ["parse", "service", "parse", 2.4, 0, undefined, "svc-parse"], ["parse-llm", "llm", "Parse LLM", 3.4, 0, undefined, "svc-parse"],
      ["availability", "service", "availability", 2.4, 1.3, undefined, "svc-availability"], ["availability-llm", "llm", "Availability LLM", 3.4, 1.3, undefined, "svc-availability"], ["check", "tool", "check_availability", 4.4, 1.3, undefined, "svc-availability"],
      ["booking", "service", "booking", 2.4, 2.6, undefined, "svc-booking"], ["booking-llm", "llm", "Booking LLM", 3.4, 2.6, undefined, "svc-booking"], ["book", "tool", "book_slot", 4.4, 2.6, undefined, "svc-booking"],
      ["db", "db", "Bookings DB", 5.6, 2]],
    [["user", "orchestrator"], ["orchestrator", "parse", "HTTP"], ["parse", "parse-llm"], ["orchestrator", "availability", "HTTP"], ["availability", "availability-llm"], ["availability-llm", "check"],
      ["orchestrator", "booking", "HTTP"], ["booking", "booking-llm"], ["booking-llm", "book"], ["check", "db"], ["book", "db"], ["orchestrator", "user", "reply"]],
    [{ id: "svc-parse", label: "parse service", kind: "service" }, { id: "svc-availability", label: "availability service", kind: "service" }, { id: "svc-booking", label: "booking service", kind: "service" }],
  ),
};
