import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { imports } from "../support/imports";

const SERVICES = path.resolve(import.meta.dirname, "../../lib/services");
/** The app's HTTP layer (cookies, CSRF, rate limits) and the patterns that own the services, C and G. */
const FORBIDDEN = /^@\/lib\/(?:http|patterns\/(?:c|g|services))(?:\/|$)|^\.\.\//;

describe("lib/services is transport only", () => {
  it("imports neither the app's HTTP layer nor the patterns whose services it carries", () => {
    const files = readdirSync(SERVICES).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(4);
    const offending = files.flatMap((f) =>
      imports(readFileSync(path.join(SERVICES, f), "utf8"))
        .filter((spec) => FORBIDDEN.test(spec))
        .map((spec) => `${f} imports ${spec}`),
    );
    expect(offending).toEqual([]);
  });
});
