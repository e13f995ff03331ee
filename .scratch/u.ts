import { understand } from "@/lib/sim/understand";
import { DateTime } from "luxon";
import * as chrono from "chrono-node";
const now = DateTime.fromObject({ year: 2026, month: 12, day: 1, hour: 10, minute: 30 }, { zone: "UTC" });
for (const s of process.argv.slice(2)) { console.log(JSON.stringify(understand(s, now))); console.log(chrono.casual.parse(s.toLowerCase(), new Date(2026,11,1,10,30), {forwardDate:true}).map(r => `[${r.text}] day=${r.start.isCertain("day")}`)); }
