import { decide, type Turn } from "@/lib/sim/brain";
import { slotsOfDay } from "@/lib/domain/slots";
const TODAY = "Check and list the free slots with their slot_id. Today is Tuesday 1 December 2026 (2026-12-01), the time is 10:30. Courts: Court A (hard, outdoor), Court B (hard, outdoor), Court C (clay, outdoor), Court D (hard, indoor).";
const tools = [{ name: "check_availability", description: "Free court slots", parameters: { type: "object", properties: { date: { type: "string" }, time: {type: ["string","null"]} } } }];
const messages: Turn[] = [{ role: "user", text: "Which courts are free on Thursday 3 December 2026? Please list them with their slot_id." }];
console.log(JSON.stringify(decide({ system: TODAY, messages, tools })));
messages.push({ role: "assistant", toolCalls: [{ id: "1", name: "check_availability", args: {date: "2026-12-03", time: null} }] }, { role: "tool", callId: "1", content: JSON.stringify(slotsOfDay("2026-12-03").filter(s => s.court !== "Court A")) });
console.log(JSON.stringify(decide({ system: TODAY, messages, tools })));
