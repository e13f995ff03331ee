import { availabilityService } from "@/lib/patterns/c/availability";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const POST = availabilityService;
