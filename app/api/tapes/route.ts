import { route } from "@/lib/http/handler";
import { json, readJson } from "@/lib/json-http";
import { MAX_TAPE_BYTES, Tape } from "@/lib/tapes/format";
import { importTape } from "@/lib/tapes/store";

export const dynamic = "force-dynamic";

/** Upload a tape (csp-tape/1, at most MAX_TAPE_BYTES): it becomes a stored run of yours, replayable at /runs/{id} and forkable. */
export const POST = route(
  async (req, { userId }) => {
    const tape = await readJson(req, Tape, MAX_TAPE_BYTES);
    const { runId } = await importTape(tape, userId);
    return json({ runId, url: `/runs/${runId}` }, 201);
  },
  { limited: true },
);
