import { describe, expect, it } from "vitest";
import { PATTERNS } from "@/lib/patterns";
import { graph } from "@/lib/patterns/graph";
import { COLUMN_PX, NODE_HEIGHT, NODE_WIDTH, layoutGraph } from "@/lib/ui/graph-layout";

describe("graph layout", () => {
  it("keeps every node of every pattern inside its service box, with edges between known nodes", () => {
    for (const pattern of PATTERNS) {
      const { nodes, edges } = layoutGraph(pattern.graph);
      const boxes = new Map(nodes.flatMap((n) => (n.kind === "boundary" ? [[n.id, n] as const] : [])));
      for (const n of nodes) {
        if (n.kind === "boundary" || !n.parent) continue;
        const box = boxes.get(n.parent)!;
        expect(n.x, `${pattern.id}/${n.id}`).toBeGreaterThanOrEqual(0);
        expect(n.y, `${pattern.id}/${n.id}`).toBeGreaterThanOrEqual(0);
        expect(n.x + NODE_WIDTH, `${pattern.id}/${n.id}`).toBeLessThanOrEqual(box.width);
        expect(n.y + NODE_HEIGHT, `${pattern.id}/${n.id}`).toBeLessThanOrEqual(box.height);
      }
      const ids = new Set(nodes.map((n) => n.id));
      for (const e of edges) expect(ids.has(e.from) && ids.has(e.to), `${pattern.id} ${e.id}`).toBe(true);
    }
  });

  it("draws the club's four tools on every pattern's graph, each with its hop to the database", () => {
    for (const pattern of PATTERNS) {
      for (const id of ["check", "book", "mine", "cancel"]) {
        expect(pattern.graph.nodes.find((n) => n.id === id), `${pattern.id}/${id}`).toMatchObject({ kind: "tool" });
        expect(pattern.graph.edges.some((e) => e.from === id && e.to === "db"), `${pattern.id} ${id}→db`).toBe(true);
      }
    }
  });

  it("labels a two-way pair once, and only where the label has room", () => {
    const g = graph(
      [["user", "user", "Member", 0, 0], ["near", "code", "Near", 1, 0], ["far", "llm", "Far", 3, 0], ["below", "tool", "Below", 1, 1]],
      [["user", "near", "message"], ["near", "user", "reply"], ["near", "far", "prompt"], ["far", "near", "answer"], ["near", "below", "a label far too long to fit"]],
    );
    const labels = Object.fromEntries(layoutGraph(g).edges.map((e) => [`${e.from}>${e.to}`, e.label]));
    expect(COLUMN_PX - NODE_WIDTH).toBeLessThan("message ⇄ reply".length * 6.6);
    expect(labels).toEqual({ "user>near": undefined, "near>user": undefined, "near>far": "prompt ⇄ answer", "far>near": undefined, "near>below": "a label far too long to fit" });
  });

  it("keeps H's return-of-control label readable", () => {
    const h = layoutGraph(PATTERNS.find((p) => p.id === "H")!.graph);
    expect(h.edges.find((e) => e.from === "app" && e.to === "orchestration")?.label).toBe("InvokeAgent ⇄ return of control");
  });
});
