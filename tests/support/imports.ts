import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

/** Every module specifier a file imports, statically or dynamically. */
function imports(source: string): string[] {
  return [...source.matchAll(/\bimport\s+(?:type\s+)?(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g)].map(
    (m) => m[1] ?? m[2],
  );
}

/** The TypeScript files of a folder (not below it), and each import of theirs that `forbidden` matches, as "file imports spec". */
export function forbiddenImports(dir: string, forbidden: RegExp): { files: string[]; offending: string[] } {
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
  const offending = files.flatMap((f) =>
    imports(readFileSync(path.join(dir, f), "utf8"))
      .filter((spec) => forbidden.test(spec))
      .map((spec) => `${f} imports ${spec}`),
  );
  return { files, offending };
}
