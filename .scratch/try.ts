import { decide, type Turn } from "@/lib/sim/brain";
import { understand } from "@/lib/sim/understand";
import { readKnowledge } from "@/lib/sim/knowledge";
import { slotsOfDay } from "@/lib/domain/slots";
import { clubFacts } from "@/lib/patterns/kit/prompts";
const SYSTEM = `You are the booking assistant.\n${clubFacts()}`;
const TAKEN = new Set(["2026-12-01_CourtA_1800","2026-12-01_CourtC_1900","2026-12-01_CourtD_2000","2026-12-02_CourtA_0900","2026-12-02_CourtB_1800","2026-12-02_CourtD_1800","2026-12-02_CourtD_1900","2026-12-03_CourtC_1000","2026-12-03_CourtA_1700","2026-12-04_CourtB_0800","2026-12-04_CourtD_1200","2026-12-06_CourtA_1500","2026-12-06_CourtC_1500"]);
const tools = [{ name: "check_availability", description: "Check which tennis courts are free", parameters: { type: "object", properties: { date: { type: "string" }, time: { type: ["string","null"] } } } }, { name: "book_slot", description: "Book one court slot", parameters: { type: "object", properties: { slot_id: { type: "string" } } } }];
const k = readKnowledge(SYSTEM);
const messages: Turn[] = [];
for (const say of process.argv.slice(2)) {
  console.log("U:", say, JSON.stringify(understand(say, k.now, k.listed)));
  messages.push({ role: "user", text: say });
  for (let i = 0; i < 6; i++) {
    const d = decide({ system: SYSTEM, messages, tools });
    if (d.kind !== "tool_calls") { const text = d.kind === "text" ? d.text : JSON.stringify(d.value); console.log("A:", text); messages.push({ role: "assistant", text }); break; }
    const c = { ...d.calls[0], id: `c${messages.length}` };
    console.log("  call", c.name, JSON.stringify(c.args));
    messages.push({ role: "assistant", toolCalls: [c] });
    const content = c.name === "check_availability" ? JSON.stringify({ free_slots: slotsOfDay(String(c.args.date), c.args.time ? String(c.args.time) : undefined).filter((s) => !TAKEN.has(s.slot_id)) }) : JSON.stringify({ booked: { booking_id: "bk1", slot_id: c.args.slot_id } });
    messages.push({ role: "tool", callId: c.id, content });
  }
}
