/** The club's four courts; "indoor" and "clay" are real preferences a Select step can reason about. */
export const COURTS = [
  { id: "A", name: "Court A", surface: "hard", indoor: false },
  { id: "B", name: "Court B", surface: "hard", indoor: false },
  { id: "C", name: "Court C", surface: "clay", indoor: false },
  { id: "D", name: "Court D", surface: "hard", indoor: true },
] as const;

export type Court = (typeof COURTS)[number];

export function courtById(id: string): Court | undefined {
  return COURTS.find((c) => c.id === id.toUpperCase());
}
