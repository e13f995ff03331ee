/**
 * What members type, and what the simulated model should make of it, with the club clock pinned at
 * Tuesday 2026-12-01 10:30 (Europe/Amsterdam). `next` is the model's first move when offered the
 * club's tools: call check_availability, or answer in text (ask, refuse, chat).
 */
export type Case = {
  say: string;
  intent: "check" | "book" | "cancel" | "smalltalk" | null;
  date?: string | null;
  time?: string | null;
  court?: string | null;
  preferences?: string[];
  next: "check_availability" | "book" | "text";
};

export const CORPUS: Case[] = [
  // relative dates
  { say: "Is a court free tomorrow at 3pm?", intent: "check", date: "2026-12-02", time: "15:00", next: "check_availability" },
  { say: "any courts open today at 5pm", intent: "check", date: "2026-12-01", time: "17:00", next: "check_availability" },
  { say: "book a court tmrw at 10am", intent: "book", date: "2026-12-02", time: "10:00", next: "check_availability" },
  { say: "can i book something tomorow at 4pm", intent: "book", date: "2026-12-02", time: "16:00", next: "check_availability" },
  {
    say: "reserve court B the day after tomorrow at 9",
    intent: "book",
    date: "2026-12-03",
    time: "09:00",
    court: "B",
    // 09:00 and 21:00 are both open hours and nothing says which: the model asks before it checks.
    next: "text",
  },
  { say: "what's available on thursday?", intent: "check", date: "2026-12-03", time: null, next: "check_availability" },
  { say: "Book for this Friday at 18:00", intent: "book", date: "2026-12-04", time: "18:00", next: "check_availability" },
  {
    say: "next friday at noon, court d please, book it",
    intent: "book",
    date: "2026-12-11",
    time: "12:00",
    court: "D",
    next: "check_availability",
  },
  { say: "is there anything free on saturday morning", intent: "check", date: "2026-12-05", time: null, next: "check_availability" },
  { say: "wed at 5 - any free court?", intent: "check", date: "2026-12-02", time: "17:00", next: "check_availability" },
  { say: "i'd like a court on monday at 8 in the morning", intent: "book", date: "2026-12-07", time: "08:00", next: "check_availability" },
  { say: "in 3 days at 2pm, is court c open", intent: "check", date: "2026-12-04", time: "14:00", court: "C", next: "check_availability" },
  { say: "thurs evening, anything available?", intent: "check", date: "2026-12-03", time: null, next: "check_availability" },
  { say: "free courts tonight?", intent: "check", date: "2026-12-01", time: null, next: "check_availability" },
  { say: "Can I play sunday afternoon", intent: "check", date: "2026-12-06", time: null, next: "check_availability" },
  // absolute dates and clock formats
  { say: "Book court A on December 4th at 3pm", intent: "book", date: "2026-12-04", time: "15:00", court: "A", next: "check_availability" },
  { say: "book the 5th at 11am", intent: "book", date: "2026-12-05", time: "11:00", next: "check_availability" },
  {
    say: "is court C free on 2026-12-09 at 15:00",
    intent: "check",
    date: "2026-12-09",
    time: "15:00",
    court: "C",
    next: "check_availability",
  },
  { say: "dec 4 at 9am book court a", intent: "book", date: "2026-12-04", time: "09:00", court: "A", next: "check_availability" },
  { say: "tomorrow at 1500 please book", intent: "book", date: "2026-12-02", time: "15:00", next: "check_availability" },
  { say: "book tomorrow at noon", intent: "book", date: "2026-12-02", time: "12:00", next: "check_availability" },
  { say: "the 10th at 7pm, any court", intent: "check", date: "2026-12-10", time: "19:00", next: "check_availability" },
  { say: "Reserve Dec 3 at 20:00", intent: "book", date: "2026-12-03", time: "20:00", next: "check_availability" },
  { say: "December 12 at 6pm court d free?", intent: "check", date: "2026-12-12", time: "18:00", court: "D", next: "check_availability" },
  { say: "tomorrow between 5 and 8pm is anything free", intent: "check", date: "2026-12-02", time: null, next: "check_availability" },
  // courts, case and typos
  { say: "is court c free tomorrow at 3", intent: "check", date: "2026-12-02", time: "15:00", court: "C", next: "check_availability" },
  { say: "COURT D TOMORROW 6PM BOOK", intent: "book", date: "2026-12-02", time: "18:00", court: "D", next: "check_availability" },
  { say: "bok court a tomorow at 4pm", intent: "book", date: "2026-12-02", time: "16:00", court: "A", next: "check_availability" },
  { say: "any availble cort tommorow at 9am", intent: "check", date: "2026-12-02", time: "09:00", next: "check_availability" },
  { say: "grab me court b on wensday at 7pm", intent: "book", date: "2026-12-02", time: "19:00", court: "B", next: "check_availability" },
  {
    say: "reservation for court c thursday 10am pls",
    intent: "book",
    date: "2026-12-03",
    time: "10:00",
    court: "C",
    next: "check_availability",
  },
  // preferences
  {
    say: "I want an indoor court tomorrow at 6pm",
    intent: "book",
    date: "2026-12-02",
    time: "18:00",
    preferences: ["indoor"],
    next: "check_availability",
  },
  {
    say: "book a clay court on friday at 10am",
    intent: "book",
    date: "2026-12-04",
    time: "10:00",
    preferences: ["clay"],
    next: "check_availability",
  },
  {
    say: "earliest free court tomorrow, book it",
    intent: "book",
    date: "2026-12-02",
    time: null,
    preferences: ["earliest"],
    next: "check_availability",
  },
  {
    say: "book the latest slot on saturday",
    intent: "book",
    date: "2026-12-05",
    time: null,
    preferences: ["latest"],
    next: "check_availability",
  },
  {
    say: "outdoor hard court tomorrow at 11am?",
    intent: "check",
    date: "2026-12-02",
    time: "11:00",
    preferences: ["outdoor", "hard"],
    next: "check_availability",
  },
  {
    say: "is there a covered court free thursday evening",
    intent: "check",
    date: "2026-12-03",
    time: null,
    preferences: ["indoor"],
    next: "check_availability",
  },
  // missing or ambiguous fields
  { say: "Book a court", intent: "book", date: null, time: null, next: "text" },
  { say: "book court b at 3pm", intent: "book", date: null, time: "15:00", court: "B", next: "text" },
  { say: "what's free?", intent: "check", date: null, time: null, next: "text" },
  { say: "book something next week", intent: "book", date: null, next: "text" },
  { say: "can I play this weekend", intent: "check", date: null, next: "text" },
  { say: "I need a court", intent: "book", date: null, next: "text" },
  { say: "reserve at 6", intent: "book", date: null, time: "18:00", next: "text" },
  // impossible requests
  { say: "book a court tomorrow at 11pm", intent: "book", date: "2026-12-02", time: "23:00", next: "text" },
  { say: "book tomorrow at 6am", intent: "book", date: "2026-12-02", time: "06:00", next: "text" },
  { say: "is a court free today at 9am", intent: "check", date: "2026-12-01", time: "09:00", next: "text" },
  { say: "book court a on 2026-11-20 at 10:00", intent: "book", date: "2026-11-20", time: "10:00", court: "A", next: "text" },
  { say: "book court a on 2027-02-01 at 10:00", intent: "book", date: "2027-02-01", time: "10:00", court: "A", next: "text" },
  { say: "book tomorrow at 3:30pm", intent: "book", date: "2026-12-02", time: "15:30", next: "text" },
  // many at once
  { say: "book every court tomorrow at 6pm", intent: "book", date: "2026-12-02", time: "18:00", next: "check_availability" },
  { say: "book all the courts on friday evening for my team", intent: "book", date: "2026-12-04", time: null, next: "check_availability" },
  // cancel
  { say: "cancel my booking for tomorrow", intent: "cancel", date: "2026-12-02", next: "text" },
  { say: "please call off court a on friday", intent: "cancel", date: "2026-12-04", court: "A", next: "text" },
  { say: "I can't make it, cancel it", intent: "cancel", next: "text" },
  // small talk
  { say: "hi", intent: "smalltalk", next: "text" },
  { say: "Hello!", intent: "smalltalk", next: "text" },
  { say: "thanks a lot", intent: "smalltalk", next: "text" },
  { say: "what can you do?", intent: "smalltalk", next: "text" },
  { say: "good morning", intent: "smalltalk", next: "text" },
  { say: "who are you", intent: "smalltalk", next: "text" },
  {
    say: "hey, is court a free tomorrow at 10?",
    intent: "check",
    date: "2026-12-02",
    time: "10:00",
    court: "A",
    next: "check_availability",
  },
  // slot ids given outright
  { say: "Book slot 2026-12-02_CourtA_1500", intent: "book", date: "2026-12-02", time: "15:00", court: "A", next: "book" },
  { say: "Check availability for 2026-12-03 at 18:00", intent: "check", date: "2026-12-03", time: "18:00", next: "check_availability" },
];

/** Conversations over several turns: each user message, then what the model should have done by the end of that turn. */
export type Dialogue = { name: string; turns: { say: string; calls: string[]; reply: RegExp }[] };

export const DIALOGUES: Dialogue[] = [
  {
    name: "day first, time later",
    turns: [
      {
        say: "book a court on thursday",
        calls: ["check_availability 2026-12-03"],
        reply: /What time would you like on Thursday 3 December\?/,
      },
      {
        say: "6pm works",
        calls: ["check_availability 2026-12-03 18:00", "book 2026-12-03_CourtA_1800"],
        reply: /Court A is booked for you on Thursday 3 December at 18:00/,
      },
    ],
  },
  {
    name: "missing date, then a court as an answer",
    turns: [
      { say: "I want to book at 3pm", calls: [], reply: /Which day/ },
      { say: "tomorrow", calls: ["check_availability 2026-12-02 15:00", "book 2026-12-02_CourtA_1500"], reply: /Court A is booked/ },
    ],
  },
  {
    name: "named court taken, then another",
    turns: [
      {
        say: "book court b tomorrow at 3pm",
        calls: ["check_availability 2026-12-02 15:00"],
        reply: /Court B is taken tomorrow \(Wed 2 Dec\) at 15:00\. Free then: Court A/,
      },
      { say: "C", calls: ["check_availability 2026-12-02 15:00", "book 2026-12-02_CourtC_1500"], reply: /Court C is booked/ },
    ],
  },
  {
    name: "check first, then confirm",
    turns: [
      {
        say: "anything free friday at 10am?",
        calls: ["check_availability 2026-12-04 10:00"],
        reply: /Free on Friday 4 December at 10:00: Court A.*Would you like me to book one\?/,
      },
      {
        say: "yes please, court d",
        calls: ["check_availability 2026-12-04 10:00", "book 2026-12-04_CourtD_1000"],
        reply: /Court D is booked/,
      },
      { say: "thanks!", calls: [], reply: /welcome/ },
    ],
  },
  {
    name: "one booking per request",
    turns: [
      {
        say: "book every court tomorrow at 6pm",
        calls: ["check_availability 2026-12-02 18:00", "book 2026-12-02_CourtA_1800"],
        reply: /one court per request/,
      },
    ],
  },
  {
    name: "a failed booking is explained with alternatives",
    turns: [
      {
        say: "book court d on saturday at 9am",
        calls: ["check_availability 2026-12-05 09:00", "book 2026-12-05_CourtD_0900"],
        reply: /couldn't book Court D on Saturday 5 December at 09:00: Already booked\. Free at the same time: Court A/,
      },
    ],
  },
];
