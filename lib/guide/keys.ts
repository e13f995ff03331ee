import type { KeyHelp } from "@/lib/ui/keys";

/** The decision guide's keys, for its handlers and its "?" help. */
export const GUIDE_KEYS: KeyHelp[] = [
  { keys: ["y", "1"], what: "Answer yes" },
  { keys: ["n", "2"], what: "Answer no" },
  { keys: ["b"], what: "Back: undo the last answer" },
  { keys: ["s"], what: "Start again" },
];
