import { availabilityService } from "@/lib/services/availability";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const POST = availabilityService;
