/**
 * The presenter's keyboard model, one list for the handlers and the "?" help: digits and arrows
 * switch pattern unless text is being edited (an empty chat box does not count), Escape leaves a
 * text field, `/` goes to the chat, `p` projector, `?` this list; replays step with `.` and `,`.
 */
export type KeyHelp = { keys: string[]; what: string };

export const PLAYGROUND_KEYS: KeyHelp[] = [
  { keys: ["1", "…", "8"], what: "Choose pattern A … H" },
  { keys: ["←", "→"], what: "Previous / next pattern" },
  { keys: ["/"], what: "Go to the chat box (after a send, the keys here work again at once)" },
  { keys: ["Esc"], what: "Leave the chat box; in projector mode, close the drawer" },
  { keys: ["p"], what: "Projector mode on / off (remembered)" },
  { keys: ["o"], what: "Run options: step mode, slow motion, approval, faults (projector: in the drawer)" },
  { keys: ["i"], what: "Inspector: what the selected node did" },
  { keys: ["c"], what: "Code: the source of the selected node" },
  { keys: ["b"], what: "Courts and My bookings" },
  { keys: ["l"], what: "Replay the last run" },
  { keys: ["r"], what: "Demo mode: reset the demo sandbox to its seed" },
  { keys: ["Space"], what: "Step mode: let the paused run take its next step" },
  { keys: ["g"], what: "Which pattern should I use? (the decision guide)" },
  { keys: ["?"], what: "Show these keys" },
];

export const REPLAY_KEYS: KeyHelp[] = [
  { keys: ["Space"], what: "Play / pause the replay" },
  { keys: ["."], what: "Next step (a node starts or ends)" },
  { keys: [","], what: "Step back" },
];

export const PAGE_KEYS: KeyHelp[] = [
  { keys: ["p"], what: "Projector mode on / off (remembered)" },
  { keys: ["?"], what: "Show these keys" },
];

export type FocusKind = "text" | "empty-text" | "control" | "none";

/** What the keyboard focus is in: a text field with text, an empty one, a control that uses arrows itself, or anything else. */
export function focusKind(target: EventTarget | null): FocusKind {
  if (typeof HTMLElement === "undefined" || !(target instanceof HTMLElement)) return "none";
  if (target.isContentEditable) return "text";
  if (target instanceof HTMLTextAreaElement) return target.value ? "text" : "empty-text";
  if (target instanceof HTMLInputElement) {
    if (["radio", "range"].includes(target.type)) return "control";
    if (["checkbox", "button", "submit", "reset", "color", "file"].includes(target.type)) return "none";
    return target.value ? "text" : "empty-text";
  }
  if (target instanceof HTMLSelectElement || target.getAttribute("role") === "slider") return "control";
  return "none";
}
