import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, startBuiltServer, type BuiltServer } from "./support/built-server";

/** The project brings its own Node.js LTS through npm (README "Runtime"); everything runs on it. */
const bundled = JSON.parse(readFileSync("package.json", "utf8")).dependencies.node as string;

describe("the project's runtime", () => {
  it("runs the test suite on the bundled Node.js, an LTS release", () => {
    expect(process.version).toBe(`v${bundled}`);
    expect(process.release.lts).toEqual(expect.any(String));
  });

  describe("the built server started with npm start from the machine's own PATH", () => {
    let server: BuiltServer;
    beforeAll(async () => {
      await ensureBuilt();
      server = await startBuiltServer();
    }, 600_000);
    afterAll(() => server?.stop(), 30_000);

    it("says at start which Node.js runs it, and it is the bundled one", () => {
      expect(server.logs).toContainEqual(expect.stringContaining(`on Node.js v${bundled} (LTS `));
    });
  });
});
