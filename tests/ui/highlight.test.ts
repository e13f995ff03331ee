import { describe, expect, it } from "vitest";
import { patternById } from "@/lib/patterns";
import { PATTERN_IDS } from "@/lib/patterns/types";
import { findRegions, highlightPatternSources, regionHomes } from "@/lib/ui/highlight";

/** The code pane lights a node's region of the pattern's source while the node runs. */
describe("source regions", () => {
  for (const id of PATTERN_IDS) {
    it(`pattern ${id}: every region names a node of its graph, once, and the main steps have one`, async () => {
      const files = await highlightPatternSources(id);
      expect(files.map((f) => f.file)).toEqual(patternById(id).sources);
      const regions = Object.assign({}, ...files.map((f) => f.regions)) as Record<string, [number, number]>;
      const nodes = patternById(id).graph.nodes.map((n) => n.id);
      expect(Object.keys(regions).length).toBeGreaterThan(0);
      for (const [node, [start, end]] of Object.entries(regions)) {
        expect(nodes, `region "${node}"`).toContain(node);
        expect(end).toBeGreaterThan(start);
      }
      // The node that owns the pattern's loop or orchestration is always one the pane can light, in the main file.
      const owners = patternById(id)
        .graph.nodes.filter((n) => n.kind === "code" || n.kind === "agent")
        .map((n) => n.id);
      expect(owners.filter((node) => files[0].regions[node]).length, `a region for one of ${owners.join(", ")}`).toBeGreaterThan(0);
      for (const { html } of files) expect(html).toContain("<pre");
    });
  }

  it("C and G: each model's node is lit in the service that runs it, not only the hop to it", async () => {
    const homeOf = async (id: string) => regionHomes(await highlightPatternSources(id));
    const c = await homeOf("C");
    expect(Object.fromEntries(["parse-llm", "availability-llm", "booking-llm"].map((n) => [n, c.get(n)]))).toEqual({
      "parse-llm": "lib/patterns/c/parse.ts",
      "availability-llm": "lib/patterns/c/availability.ts",
      "booking-llm": "lib/patterns/c/booking.ts",
    });
    expect(c.get("orchestrator")).toBe("lib/patterns/c/orchestrator.ts");
    const g = await homeOf("G");
    expect(Object.fromEntries(["manager", "availability-agent", "booking-agent"].map((n) => [n, g.get(n)]))).toEqual({
      manager: "lib/patterns/g/manager.ts",
      "availability-agent": "lib/patterns/g/availability-agent.ts",
      "booking-agent": "lib/patterns/g/booking-agent.ts",
    });
  });

  it("GET /api/source/{id} answers every file of the pattern, the main one first", async () => {
    const route = await import("@/app/api/source/[id]/route");
    const res = await route.GET(new Request("http://club.test/api/source/C"), { params: Promise.resolve({ id: "C" }) });
    const { files } = (await res.json()) as { files: { file: string; html: string; regions: Record<string, [number, number]> }[] };
    expect(files.map((f) => f.file)).toEqual(patternById("C").sources);
    expect(files.find((f) => f.file === "lib/patterns/c/booking.ts")?.regions["booking-llm"]).toEqual([
      expect.any(Number),
      expect.any(Number),
    ]);
  });

  it("pattern H: the app's region holds its InvokeAgent loop and the return-of-control executor", async () => {
    const [{ regions }] = await highlightPatternSources("H");
    const source = (await import("node:fs")).readFileSync("lib/patterns/h.ts", "utf8").split("\n");
    const [start, end] = regions.app;
    const body = source.slice(start - 1, end).join("\n");
    expect(body).toMatch(/for \(let trip = [^;]*1; trip <= MAX_ROUND_TRIPS/);
    expect(body).toMatch(/async function runActions/);
  });

  it("refuses a second region for one node, in one file or across a pattern's files, and a region left open", () => {
    expect(() => findRegions("// region app\n// endregion app\n// region app\n// endregion app")).toThrow(/second region "app"/);
    expect(() => findRegions("// region app\nconst x = 1;")).toThrow(/never closed/);
    expect(() => findRegions("// endregion app")).toThrow(/without its region/);
    expect(findRegions("// region a\n// region b\n// endregion b\n// endregion a")).toEqual({ a: [1, 4], b: [2, 3] });
    expect(() =>
      regionHomes([
        { file: "main.ts", regions: { a: [1, 2] } },
        { file: "service.ts", regions: { a: [3, 4] } },
      ]),
    ).toThrow(/"a" has a region in main.ts and in service.ts/);
  });
});
