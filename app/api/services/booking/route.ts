import { bookingService } from "@/lib/services/booking";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const POST = bookingService;
