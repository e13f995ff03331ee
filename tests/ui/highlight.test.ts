import { describe, expect, it } from "vitest";
import { patternById } from "@/lib/patterns";
import { PATTERN_IDS } from "@/lib/patterns/types";
import { findRegions, highlightPatternSource } from "@/lib/ui/highlight";

/** The code pane lights a node's region of the pattern's source while the node runs. */
describe("source regions", () => {
  for (const id of PATTERN_IDS) {
    it(`pattern ${id}: every region names a node of its graph, once, and the main steps have one`, async () => {
      const { regions, html } = await highlightPatternSource(id);
      const nodes = patternById(id).graph.nodes.map((n) => n.id);
      expect(Object.keys(regions).length).toBeGreaterThan(0);
      for (const [node, [start, end]] of Object.entries(regions)) {
        expect(nodes, `region "${node}"`).toContain(node);
        expect(end).toBeGreaterThan(start);
      }
      // The node that owns the pattern's loop or orchestration is always one the pane can light.
      const owners = patternById(id)
        .graph.nodes.filter((n) => n.kind === "code" || n.kind === "agent")
        .map((n) => n.id);
      expect(owners.filter((node) => regions[node]).length, `a region for one of ${owners.join(", ")}`).toBeGreaterThan(0);
      expect(html).toContain("<pre");
    });
  }

  it("pattern H: the app's region holds its InvokeAgent loop and the return-of-control executor", async () => {
    const { regions } = await highlightPatternSource("H");
    const source = (await import("node:fs")).readFileSync("lib/patterns/h.ts", "utf8").split("\n");
    const [start, end] = regions.app;
    const body = source.slice(start - 1, end).join("\n");
    expect(body).toMatch(/for \(let trip = [^;]*1; trip <= MAX_ROUND_TRIPS/);
    expect(body).toMatch(/async function runActions/);
  });

  it("refuses a second region for one node, and a region left open", () => {
    expect(() => findRegions("// region app\n// endregion app\n// region app\n// endregion app")).toThrow(/second region "app"/);
    expect(() => findRegions("// region app\nconst x = 1;")).toThrow(/never closed/);
    expect(() => findRegions("// endregion app")).toThrow(/without its region/);
    expect(findRegions("// region a\n// region b\n// endregion b\n// endregion a")).toEqual({ a: [1, 4], b: [2, 3] });
  });
});
