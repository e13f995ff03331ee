import { z } from "zod";
import { createSandbox } from "@/lib/domain/schedules";
import { route } from "@/lib/http/handler";
import { json, readJson } from "@/lib/json-http";

export const dynamic = "force-dynamic";

/** `{kind: "compare"}` → a fresh sandbox of the member's, seeded like the club's schedule (201 {id, kind, expiresAt}). */
const Body = z.object({ kind: z.literal("compare") }).strict();

export const POST = route(
  async (req, { userId }) => {
    const { kind } = await readJson(req, Body);
    return json(await createSandbox(userId, kind), 201);
  },
  { limited: true },
);
