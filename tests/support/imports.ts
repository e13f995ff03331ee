/** Every module specifier a file imports, statically or dynamically. */
export function imports(source: string): string[] {
  return [...source.matchAll(/\bimport\s+(?:type\s+)?(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g)].map(
    (m) => m[1] ?? m[2],
  );
}
