import { decide, type Turn } from "@/lib/sim/brain";
const TODAY = "Today is Tuesday 1 December 2026 (2026-12-01), the time is 10:30.";
const tools = [{ name: "availability_specialist", description: "Finds which courts are free.", parameters: { type: "object", properties: { input: { type: "string" } } } }, { name: "booking_specialist", description: "Books a slot for the member.", parameters: { type: "object", properties: { input: { type: "string" } } } }];
const messages: Turn[] = [{ role: "user", text: "can you book me a clay court on thursday evening" }];
console.log(JSON.stringify(decide({ system: TODAY, messages, tools })));
messages.push({ role: "assistant", toolCalls: [{ id: "1", name: "availability_specialist", args: {} }] }, { role: "tool", callId: "1", content: "Free slots on Thursday 3 December: 2026-12-03_CourtB_1700, 2026-12-03_CourtC_1700, 2026-12-03_CourtD_1700, 2026-12-03_CourtC_1800." });
console.log(JSON.stringify(decide({ system: TODAY, messages, tools })));
