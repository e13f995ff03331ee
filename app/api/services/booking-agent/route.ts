import { bookingAgentService } from "@/lib/patterns/g/booking-agent";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const POST = bookingAgentService;
