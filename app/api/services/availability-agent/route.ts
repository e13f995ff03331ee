import { availabilityAgentService } from "@/lib/patterns/g/availability-agent";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const POST = availabilityAgentService;
