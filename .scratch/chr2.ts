import * as chrono from "chrono-node";
const ref = new Date(2026, 11, 1, 10, 30);
for (const s of ["reserve a court for 8 in the evening on friday", "courts free early evening on saturday?", "6 in the evening tomorrow, court a, book it", "would 16:00 or 17:00 suit you?", "this friday", "on friday"]) {
  const r = chrono.casual.parse(s, ref, { forwardDate: true });
  console.log(s, "=>", r.map((x) => `[${x.text}] ${x.start.date().toString().slice(0, 21)} day=${x.start.isCertain("day")} wd=${x.start.isCertain("weekday")}`).join(" | "));
}
