import { bookingService } from "@/lib/patterns/c/booking";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const POST = bookingService;
