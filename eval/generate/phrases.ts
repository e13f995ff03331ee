import { dateOf, daysAhead, hh, weekdayOf } from "./club";

/**
 * How members say a day, an hour and a range, each with the one meaning it has on the generator's
 * clock (a Tuesday): a phrase is offered only where that meaning is not in doubt.
 */

/** A phrase and the hours of day a misreading would give (to be absent from the reply). */
export type Said = { text: string; misread?: number };

/** 1 → "1st", 22 → "22nd". */
export const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th"}`;

/** Every way to name `date` that means it and nothing else. */
export function dayPhrases(date: string): string[] {
  const days = daysAhead(date);
  const d = dateOf(date).day;
  const month = dateOf(date).month;
  const out: string[] = [];
  if (days === 0) out.push("today");
  if (days === 1) out.push("tomorrow", "tmrw", "2moro");
  // A bare weekday names the coming one; today's own weekday (Tuesday) could be today or next week, so it is left out.
  if (days >= 1 && days <= 6) out.push(`on ${weekdayOf(date)}`, weekdayOf(date));
  // "next Monday" and "next Tuesday" are the same day on either reading of "next" on a Tuesday; other weekdays are not.
  if (days >= 6 && days <= 7) out.push(`next ${weekdayOf(date)}`);
  if (days >= 2) out.push(`in ${days} days`);
  if (days === 7) out.push("in a week");
  if (month === 12) out.push(`on the ${ordinal(d)}`, `the ${ordinal(d)} of december`, `on december ${ordinal(d)}`, `on ${d} december`);
  out.push(`on ${d}/${month}`);
  return out;
}

/** Abbreviations people type for a weekday. */
export const WEEKDAY_SHORT: Record<string, string[]> = {
  monday: ["mon"],
  tuesday: ["tue", "tues"],
  wednesday: ["wed", "weds"],
  thursday: ["thu", "thur", "thurs"],
  friday: ["fri"],
  saturday: ["sat"],
  sunday: ["sun"],
};

const twelve = (h: number) => (h % 12 === 0 ? 12 : h % 12);

/**
 * Every way to say the hour `h` (7–21, or outside hours for near-misses) that reads as exactly it.
 * A bare number or "o'clock" is read by the club's opening hours, so only 1–6 (afternoon: 1 to 6 am
 * are closed) are said bare; 7–11 are ambiguous bare and always get am/pm or a part of day.
 */
export function hourPhrases(h: number, opts: { today?: boolean } = {}): Said[] {
  const t = twelve(h);
  const pm = h >= 12;
  const mirror = h >= 12 ? h - 12 : h + 12;
  const out: Said[] = [
    { text: `at ${t}${pm ? "pm" : "am"}` },
    { text: `at ${t} ${pm ? "pm" : "am"}` },
    { text: `at ${t} ${pm ? "p.m." : "a.m."}` },
    { text: `at ${hh(h)}` },
    { text: `at ${hh(h).replace(":", ".")}` },
  ];
  if (h === 12) out.push({ text: "at noon" }, { text: "at midday" }, { text: "at 12 o'clock" });
  if (h >= 13 && h <= 18) out.push({ text: `at ${t} o'clock`, misread: mirror }, { text: `at ${t}`, misread: mirror });
  if (h >= 7 && h <= 11) out.push({ text: `at ${t} in the morning`, misread: mirror });
  if (h >= 13 && h <= 17) out.push({ text: `at ${t} in the afternoon`, misread: mirror });
  if (h >= 17 && h <= 21) out.push({ text: `at ${t} in the evening`, misread: mirror });
  if (h >= 20 && h <= 21) out.push({ text: `at ${t} at night`, misread: mirror });
  if (opts.today && h >= 18 && h <= 21) out.push({ text: `at ${t} tonight`, misread: mirror });
  return out;
}

/** Hours the club does not open, said as members say them. */
export function closedHourPhrases(h: number): string[] {
  if (h === 0) return ["at midnight", "at 00:00"];
  const t = twelve(h);
  const out = [`at ${t}${h >= 12 ? "pm" : "am"}`, `at ${hh(h)}`];
  if (h < 7) out.push(`at ${t} in the morning`);
  if (h >= 22) out.push(`at ${t} at night`, `at ${t} in the evening`);
  return out;
}

/** Times that do not start on the hour (slots do), each with the minutes it names. */
export function offHourPhrases(h: number): string[] {
  const t = twelve(h);
  const pm = h >= 12 ? "pm" : "am";
  const out = [
    `at ${t}:30${pm}`,
    `at ${hh(h).slice(0, 2)}:30`,
    `at ${hh(h).slice(0, 2)}.30`,
    `at ${t}:15${pm}`,
    `at ${hh(h).slice(0, 2)}:45`,
  ];
  // "half 6" is 6:30 (closed) or 18:30: neither starts on the hour, so the reading is not in doubt.
  if (h >= 13 && h <= 20) out.push(`at half ${t}`, `at half past ${t}`, `at quarter past ${t}`);
  return out;
}

/** A range and the hours that start inside it. */
export type Range = Said & { hours: number[] };

/** "between 3 and 5", "from 6pm until 8pm", "after 7pm", "before 10am": the starts inside, never the end hour. */
export function rangePhrases(start: number, end: number): Range[] {
  const inside = Array.from({ length: end - start }, (_, i) => start + i);
  const s = twelve(start);
  const e = twelve(end);
  const out: Range[] = [
    { text: `between ${hh(start)} and ${hh(end)}`, hours: inside },
    { text: `from ${hh(start)} to ${hh(end)}`, hours: inside },
  ];
  if (start >= 12) {
    out.push({ text: `between ${s}pm and ${e}pm`, hours: inside }, { text: `from ${s}pm until ${e}pm`, hours: inside });
  } else if (end <= 12) {
    out.push({ text: `between ${s}am and ${e}${end === 12 ? "pm" : "am"}`, hours: inside });
  }
  // Bare numbers of the afternoon read as pm (1–6 am are closed).
  if (start >= 13 && end <= 18) {
    for (const [a, b] of [
      ["between", "and"],
      ["from", "until"],
      ["from", "till"],
      ["from", "to"],
    ])
      out.push({ text: `${a} ${s} ${b} ${e}`, hours: inside, misread: start - 12 });
  }
  if (start >= 17 && end <= 22) out.push({ text: `from ${s} until ${e} in the evening`, hours: inside, misread: start - 12 });
  if (start >= 7 && end <= 12) out.push({ text: `between ${s} and ${e} in the morning`, hours: inside, misread: start + 12 });
  return out;
}

export function afterPhrases(start: number): Range[] {
  const hours = Array.from({ length: 22 - start }, (_, i) => start + i);
  const s = twelve(start);
  const out: Range[] = [{ text: `after ${hh(start)}`, hours }];
  if (start >= 12) out.push({ text: `after ${s}pm`, hours }, { text: `after ${s} p.m.`, hours });
  if (start >= 17) out.push({ text: `after ${s} in the evening`, hours, misread: start - 12 });
  return out;
}

export function beforePhrases(end: number): Range[] {
  const hours = Array.from({ length: end - 7 }, (_, i) => 7 + i);
  const e = twelve(end);
  const out: Range[] = [{ text: `before ${hh(end)}`, hours }];
  if (end <= 11) out.push({ text: `before ${e}am`, hours }, { text: `before ${e} in the morning`, hours, misread: end + 12 });
  if (end === 12) out.push({ text: "before noon", hours }, { text: "before midday", hours });
  return out;
}
