import path from "node:path";
import { describe, expect, it } from "vitest";
import { forbiddenImports } from "../support/imports";

const SERVICES = path.resolve(import.meta.dirname, "../../lib/services");
/** The app's HTTP layer (cookies, CSRF, rate limits) and the patterns that own the services, C and G. */
const FORBIDDEN = /^@\/lib\/(?:http|patterns\/(?:c|g|services))(?:\/|$)|^\.\.\//;

describe("lib/services is transport only", () => {
  it("imports neither the app's HTTP layer nor the patterns whose services it carries", () => {
    const { files, offending } = forbiddenImports(SERVICES, FORBIDDEN);
    expect(files.length).toBeGreaterThan(4);
    expect(offending).toEqual([]);
  });
});
