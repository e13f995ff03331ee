import { describe, expect, it } from "vitest";
import { PATTERNS } from "@/lib/patterns";
import { graph } from "@/lib/patterns/graph";
import { layoutGraph } from "@/lib/ui/graph-layout";

const B = PATTERNS.find((p) => p.id === "B")!.graph;

describe("graph layout", () => {
  it("keeps every node of every pattern inside its service box, in every arrangement, with edges between known nodes", () => {
    for (const pattern of PATTERNS) {
      for (const panel of [undefined, { width: 600, height: 450 }, { width: 400, height: 900 }, { width: 1300, height: 600 }]) {
        const layout = layoutGraph(pattern.graph, panel);
        const boxes = new Map(layout.nodes.flatMap((n) => (n.kind === "boundary" ? [[n.id, n] as const] : [])));
        for (const n of layout.nodes) {
          const where = `${pattern.id}/${n.id} in ${JSON.stringify(panel)}`;
          if (n.kind === "boundary" || !n.parent) continue;
          const box = boxes.get(n.parent)!;
          expect(n.x, where).toBeGreaterThanOrEqual(0);
          expect(n.y, where).toBeGreaterThanOrEqual(0);
          expect(n.x + layout.nodeWidth, where).toBeLessThanOrEqual(box.width);
          expect(n.y + layout.nodeHeight, where).toBeLessThanOrEqual(box.height);
        }
        const ids = new Set(layout.nodes.map((n) => n.id));
        for (const e of layout.edges) expect(ids.has(e.from) && ids.has(e.to), `${pattern.id} ${e.id}`).toBe(true);
      }
    }
  });

  it("never puts two nodes on top of each other", () => {
    for (const pattern of PATTERNS) {
      for (const panel of [
        { width: 600, height: 450 },
        { width: 400, height: 900 },
        { width: 1300, height: 600 },
      ]) {
        const layout = layoutGraph(pattern.graph, panel);
        const boxes = layout.nodes.flatMap((n) => {
          if (n.kind === "boundary") return [];
          const parent = n.parent ? layout.nodes.find((p) => p.id === n.parent)! : { x: 0, y: 0 };
          return [{ id: n.id, x: n.x + parent.x, y: n.y + parent.y }];
        });
        for (const a of boxes)
          for (const b of boxes) {
            if (a.id >= b.id) continue;
            const apart = Math.abs(a.x - b.x) >= layout.nodeWidth || Math.abs(a.y - b.y) >= layout.nodeHeight;
            expect(apart, `${pattern.id}: ${a.id} and ${b.id} in ${JSON.stringify(panel)}`).toBe(true);
          }
      }
    }
  });

  it("draws the club's four tools on every pattern's graph, each with its hop to the database", () => {
    for (const pattern of PATTERNS) {
      for (const id of ["check", "book", "mine", "cancel"]) {
        expect(
          pattern.graph.nodes.find((n) => n.id === id),
          `${pattern.id}/${id}`,
        ).toMatchObject({ kind: "tool" });
        expect(
          pattern.graph.edges.some((e) => e.from === id && e.to === "db"),
          `${pattern.id} ${id}→db`,
        ).toBe(true);
      }
    }
  });

  it("draws a long row of steps as declared on a wide panel, wrapped on a squarer one and rearranged on a tall one", () => {
    expect(layoutGraph(B, { width: 3000, height: 500 }).arrangement).toEqual({ transposed: false, bands: 1 });
    expect(layoutGraph(B, { width: 600, height: 450 }).arrangement.bands).toBeGreaterThan(1);
    const tallPanel = { width: 400, height: 1200 };
    const fit = (l: { width: number; height: number }) => Math.min(tallPanel.width / l.width, tallPanel.height / l.height);
    expect(fit(layoutGraph(B, tallPanel))).toBeGreaterThan(1.5 * fit(layoutGraph(B)));
    const d = PATTERNS.find((p) => p.id === "D")!.graph;
    expect(layoutGraph(d, { width: 300, height: 1200 }).arrangement).not.toEqual({ transposed: false, bands: 1 });
  });

  it("refuses a graph whose edge or group names no declared node", () => {
    const nodes = [{ id: "a", kind: "code" as const, label: "A", at: [0, 0] as [number, number] }];
    expect(() => graph({ nodes, edges: [{ from: "a", to: "missing" }] })).toThrow(/a → missing/);
    expect(() => graph({ nodes: [{ ...nodes[0], group: "svc" }], edges: [] })).toThrow(/undeclared group svc/);
  });

  it("sizes nodes to the longest label, so none is cut", () => {
    const wide = layoutGraph(graph({ nodes: [{ id: "a", kind: "tool", label: "check_availability", at: [0, 0] }], edges: [] }));
    const narrow = layoutGraph(graph({ nodes: [{ id: "a", kind: "code", label: "Go", at: [0, 0] }], edges: [] }));
    expect(wide.nodeWidth).toBeGreaterThan("check_availability".length * 0.6 * 18);
    expect(narrow.nodeWidth).toBeLessThan(wide.nodeWidth);
  });

  it("labels a two-way pair once, and only where the label has room", () => {
    const g = graph({
      nodes: [
        { id: "user", kind: "user", label: "Member", at: [0, 0] },
        { id: "near", kind: "code", label: "Near", at: [1, 0] },
        { id: "far", kind: "llm", label: "Far", at: [3, 0] },
        { id: "below", kind: "tool", label: "Below", at: [1, 1] },
      ],
      edges: [
        { from: "user", to: "near", label: "message" },
        { from: "near", to: "user", label: "reply" },
        { from: "near", to: "far", label: "prompt" },
        { from: "far", to: "near", label: "answer" },
        { from: "near", to: "below", label: "a label far too long to fit" },
      ],
    });
    const labels = Object.fromEntries(layoutGraph(g).edges.map((e) => [`${e.from}>${e.to}`, e.label]));
    expect(labels).toEqual({
      "user>near": undefined,
      "near>user": undefined,
      "near>far": "prompt ⇄ answer",
      "far>near": undefined,
      "near>below": "a label far too long to fit",
    });
  });

  it("sends a way back round the side: under a row, along the left of a column", () => {
    const row = layoutGraph(
      graph({
        nodes: [
          { id: "a", kind: "user", label: "A", at: [0, 0] },
          { id: "b", kind: "code", label: "B", at: [1, 0] },
        ],
        edges: [
          { from: "a", to: "b" },
          { from: "b", to: "a", label: "reply" },
        ],
      }),
    );
    expect(row.edges.map((e) => [e.sourceSide, e.targetSide])).toEqual([
      ["right", "left"],
      ["bottom", "bottom"],
    ]);
    const column = layoutGraph(
      graph({
        nodes: [
          { id: "a", kind: "user", label: "A", at: [0, 0] },
          { id: "b", kind: "code", label: "B", at: [0, 1] },
        ],
        edges: [
          { from: "a", to: "b" },
          { from: "b", to: "a", label: "reply" },
        ],
      }),
    );
    expect(column.edges.map((e) => [e.sourceSide, e.targetSide])).toEqual([
      ["bottom", "top"],
      ["left", "left"],
    ]);
  });

  it("leaves off an edge label that would sit on a node", () => {
    const g = graph({
      nodes: [
        { id: "a", kind: "code", label: "A", at: [0, 0] },
        { id: "middle", kind: "code", label: "Middle", at: [1, 0.6] },
        { id: "b", kind: "code", label: "B", at: [2, 1.2] },
      ],
      edges: [
        { from: "a", to: "b", label: "a label that lands on the middle node" },
        { from: "a", to: "middle", label: "short" },
      ],
    });
    const labels = Object.fromEntries(layoutGraph(g).edges.map((e) => [`${e.from}>${e.to}`, e.label]));
    expect(labels).toEqual({ "a>b": undefined, "a>middle": "short" });
  });

  it("keeps H's return-of-control label readable", () => {
    const h = layoutGraph(PATTERNS.find((p) => p.id === "H")!.graph);
    expect(h.edges.find((e) => e.from === "app" && e.to === "orchestration")?.label).toBe("InvokeAgent ⇄ return of control");
  });
});

describe("the patterns as the pages hand them to the browser", () => {
  it("are plain data: a server component may only pass what survives a round trip through JSON", async () => {
    const { describePatterns } = await import("@/lib/patterns");
    const described = describePatterns();
    expect(JSON.parse(JSON.stringify(described))).toEqual(described);
    for (const info of described) for (const value of Object.values(info)) expect(typeof value).not.toBe("function");
  });
});
