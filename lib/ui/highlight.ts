import { readFile } from "node:fs/promises";
import path from "node:path";
import { createHighlighterCore } from "shiki/core";
import { createJavaScriptRegexEngine } from "shiki/engine/javascript";
import typescript from "shiki/langs/typescript.mjs";
import githubLight from "shiki/themes/github-light.mjs";
import { patternById } from "@/lib/patterns";

/** 1-based, inclusive line ranges of each `// region <node>` … `// endregion <node>` block. */
export type SourceRegions = Record<string, [start: number, end: number]>;
export type HighlightedSource = { file: string; html: string; regions: SourceRegions };

const REGION = /^\s*\/\/\s*(region|endregion)\s+(\S+)/;

let highlighter: ReturnType<typeof createHighlighterCore> | undefined;

/**
 * A pattern's source files (its main file first, then the services it calls) as highlighted HTML,
 * with the line ranges the code pane lights for the running node. A node's region lives in exactly
 * one of the pattern's files, so the pane knows which file to turn to. Runs on the server only
 * (prerendered at build), so shiki never reaches the browser.
 */
export async function highlightPatternSources(patternId: string): Promise<HighlightedSource[]> {
  highlighter ??= createHighlighterCore({ themes: [githubLight], langs: [typescript], engine: createJavaScriptRegexEngine() });
  const shiki = await highlighter;
  const files = await Promise.all(
    patternById(patternId).sources.map(async (file) => {
      // Joined under lib/patterns in so many words, so the build traces that folder, not the whole project.
      const code = await readFile(path.join(process.cwd(), "lib", "patterns", path.relative("lib/patterns", file)), "utf8");
      return { file, html: shiki.codeToHtml(code, { lang: "typescript", theme: "github-light" }), regions: findRegions(code) };
    }),
  );
  regionHomes(files);
  return files;
}

/** Which file holds each node's region; a node with regions in two files of one pattern is an error (the build fails on it). */
export function regionHomes(files: { file: string; regions: SourceRegions }[]): Map<string, string> {
  const homes = new Map<string, string>();
  for (const { file, regions } of files)
    for (const node of Object.keys(regions)) {
      if (homes.has(node)) throw new Error(`Node "${node}" has a region in ${homes.get(node)} and in ${file}; one file holds it.`);
      homes.set(node, file);
    }
  return homes;
}

/**
 * The regions of a source file. A node has one region per file: a second block for the same node
 * would silently replace the first, so it is an error, as is a region left open or closed unopened
 * (the source route is prerendered, so the build fails on it).
 */
export function findRegions(code: string): SourceRegions {
  const regions: SourceRegions = {};
  const open = new Map<string, number>();
  code.split("\n").forEach((line, index) => {
    const marker = REGION.exec(line);
    if (!marker) return;
    const [, kind, node] = marker;
    if (kind === "region") {
      if (open.has(node) || regions[node])
        throw new Error(`Line ${index + 1}: a second region "${node}"; each node has one region per file.`);
      open.set(node, index + 1);
    } else {
      if (!open.has(node)) throw new Error(`Line ${index + 1}: endregion "${node}" without its region.`);
      regions[node] = [open.get(node)!, index + 1];
      open.delete(node);
    }
  });
  if (open.size > 0) throw new Error(`Region "${[...open.keys()].join('", "')}" is never closed.`);
  return regions;
}
