declare module "damerau-levenshtein" {
  /** Edit distance with transpositions: `steps` edits, `relative` to the longer length, `similarity` = 1 - relative. */
  export default function damerauLevenshtein(a: string, b: string, limit?: number): { steps: number; relative: number; similarity: number };
}
