import { bookingAgentService } from "@/lib/services/booking-agent";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const POST = bookingAgentService;
