import { availabilityAgentService } from "@/lib/services/availability-agent";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const POST = availabilityAgentService;
