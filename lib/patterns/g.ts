/**
 * G — Multi-agent across independent services. The manager agent reaches specialist agents over
 * HTTP, each its own service with its own model and deployment; autonomy and distribution both at
 * their highest. Use it when specialist agents belong to different teams or must scale apart.
 */
import type { PatternInfo } from "./types";
import { graph } from "./graph";

export const patternG: PatternInfo = {
  id: "G",
  name: "Multi-agent (services)",
  style: "Multi-agent, independent services",
  runtime: "services",
  decides: "A manager agent routes to agent services",
  decider: "llm",
  vendors: { manager: "openai", "availability-agent": "openai", "booking-agent": "anthropic" },
  source: "lib/patterns/g.ts",
  graph: graph(
    [["user", "user", "Member", 0, 1], ["manager", "agent", "Manager", 1.2, 1, "Agents SDK", "svc-manager"],
      ["availability-agent", "agent", "Availability agent", 2.7, 0.3, "Agents SDK", "svc-availability-agent"], ["check", "tool", "check_availability", 3.7, 0.3, undefined, "svc-availability-agent"],
      ["booking-agent", "agent", "Booking agent", 2.7, 1.9, "Claude tool use", "svc-booking-agent"], ["book", "tool", "book_slot", 3.7, 1.9, undefined, "svc-booking-agent"], ["db", "db", "Bookings DB", 4.9, 1.1]],
    [["user", "manager"], ["manager", "availability-agent", "HTTP"], ["manager", "booking-agent", "HTTP"], ["availability-agent", "check"], ["booking-agent", "book"], ["check", "db"], ["book", "db"], ["manager", "user", "reply"]],
    [{ id: "svc-manager", label: "manager service", kind: "service" }, { id: "svc-availability-agent", label: "availability-agent service", kind: "service" }, { id: "svc-booking-agent", label: "booking-agent service", kind: "service" }],
  ),
};
