/**
 * H — Managed agent (AWS Bedrock Agents). AWS runs the whole loop — pre-processing, orchestration,
 * post-processing — and hands each action back to your code by return of control, so the club's
 * functions still run here with the member's identity. Use it when you want a hosted agent runtime
 * and keep your data and side effects in your own code.
 */
import type { PatternInfo } from "./types";
import { graph } from "./graph";

export const patternH: PatternInfo = {
  id: "H",
  name: "Bedrock Agent",
  style: "Managed agent (AWS)",
  runtime: "managed",
  decides: "AWS runs the loop; actions return to your code",
  decider: "aws",
  vendors: { orchestration: "bedrock" },
  source: "lib/patterns/h.ts",
  graph: graph(
    [["user", "user", "Member", 0, 1], ["app", "code", "Your app", 1, 1, "InvokeAgent + return of control"],
      ["pre-processing", "managed", "Pre-processing", 2.2, 0, undefined, "bedrock"], ["orchestration", "managed", "Orchestration", 2.2, 1, undefined, "bedrock"], ["post-processing", "managed", "Post-processing", 2.2, 2, undefined, "bedrock"],
      ["check", "tool", "check_availability", 1, 2.4], ["book", "tool", "book_slot", 0, 2.4], ["db", "db", "Bookings DB", 0.5, 3.3]],
    [["user", "app"], ["app", "orchestration", "InvokeAgent"], ["pre-processing", "orchestration"], ["orchestration", "post-processing"], ["orchestration", "app", "return of control"], ["app", "check"], ["app", "book"], ["check", "db"], ["book", "db"], ["app", "user", "reply"]],
    [{ id: "bedrock", label: "AWS Bedrock Agent", kind: "managed" }],
  ),
};
