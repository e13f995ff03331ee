import type { Chaos } from "./chaos";

/** Picks one of `n` equally valid options by index; 0 is the one a deterministic model takes. */
export type Pick = (n: number) => number;

export const FIRST: Pick = () => 0;

/**
 * Simulated variation, labelled as such: not a real model's sampling, but a generator seeded by the
 * run's seed and the conversation, so the same seed and conversation always choose the same. At
 * temperature t each choice leaves the first option with probability t, then takes any of them
 * alike. At 0 (the default) every choice is the first: the model stays deterministic.
 */
export function chooser(variation: Chaos["variation"], conversation: string): Pick {
  if (!variation || variation.temperature <= 0) return FIRST;
  const temperature = variation.temperature;
  // mulberry32: small, fast and good enough to spread choices; seeded by FNV-1a of seed and conversation.
  let state = 0x811c9dc5;
  for (const ch of `${variation.seed}\n${conversation}`) state = Math.imul(state ^ ch.charCodeAt(0), 0x01000193);
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (n) => (n <= 1 || next() >= temperature ? 0 : Math.floor(next() * n));
}

const OPENERS = ["", "Alright. ", "Okay. ", "Right. "];

/** The same answer, opened in one of a few ways a model might word it. */
export function rephrase(text: string, pick: Pick): string {
  return text ? `${OPENERS[pick(OPENERS.length)]}${text}` : text;
}
