import { cancel } from "@/lib/domain/bookings";
import { json, route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const DELETE = route<{ id: string }>(async (_req, { userId, params }) => json({ cancelled: await cancel(userId, params.id) }));
