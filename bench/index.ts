/**
 * Every benchmark in turn, each in its own process so one's warm caches and database do not
 * flatter the next. Run: npm run bench
 */
import { spawnSync } from "node:child_process";

for (const name of ["sim", "patterns", "sessions", "limits", "compare", "ui", "otel", "runtimes"]) {
  console.log(`\n=== bench:${name} ===`);
  const { status } = spawnSync("npx", ["tsx", `bench/${name}.ts`], { stdio: "inherit" });
  if (status !== 0) process.exit(status ?? 1);
}
