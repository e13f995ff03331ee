import * as chrono from "chrono-node";
const ref = new Date(2026, 11, 1, 10, 30);
for (const s of ["book at 9 at night tomorrow", "6 tonight", "tomorrow 6 tonight", "tomorrow at 8 in the evening", "after 5pm tomorrow", "before 10 tomorrow", "between 3 and 5 tomorrow", "from 3 to 5 tomorrow", "around 6 tomorrow", "late afternoon tomorrow", "sat 10am court B pls", "half past 6 tomorrow", "tomorrow at 6:30pm", "the one at 8 then", "friday 7pm and saturday 9am", "tomorrow at 9pm", "thu 18h", "tomorrow 19.00", "tomorrow evening at 7", "at 3 tomorrow afternoon", "next tuesday", "on the 5th", "dec 4", "this evening"]) {
  const r = chrono.casual.parse(s, ref, { forwardDate: true });
  console.log(s, "=>", r.map((x) => `[${x.text}] ${x.start.date().toString().slice(0, 21)} cert(h=${x.start.isCertain("hour")},mer=${x.start.isCertain("meridiem")},day=${x.start.isCertain("day")}) ${x.end ? "END " + x.end.date().toString().slice(0, 21) : ""}`).join(" | "));
}
