import { brotliCompressSync, brotliDecompressSync, constants } from "node:zlib";
import { z } from "zod";
import { Clock } from "@/lib/domain/clock-schema";
import { MAX_TOOL_CALLS_PER_TURN } from "@/lib/trace/events";
import { canonicalRequest, hashOf } from "./canonical";
import { Exchange, MAX_EXCHANGES, ScheduleSnapshot, TapeOptions, ToolRecord } from "./format";
import { parsedBody, recordedResponse, type Chunk } from "./wire";

/**
 * What a run's tape is stored as, and how it becomes a csp-tape/1 document again.
 *
 * Recording must not slow the run it records. So a run keeps only the bytes that passed (each
 * request's body, each response's chunks with their timing) and stores them in its own row, set by
 * the statement that closes the run: the bytes after a small JSON index, compressed. Nothing is
 * parsed, escaped or decoded for the tape while the member waits; parsing, decoding streams into
 * frames and hashing wait until someone reads the tape. The schedule the run found is not copied
 * either: the run notes where the schedule stood (lib/tapes/store.ts).
 *
 * A service hop hands its recording back in the same packed form (lib/services/envelope.ts).
 */

/** The index before the bytes: each passed exchange with the sizes of its body and chunks, in the order the bytes follow. */
const IndexedExchange = Exchange.pick({ seq: true, node: true, vendor: true, protocol: true, hop: true }).extend({
  request: Exchange.shape.request.omit({ body: true }),
  response: Exchange.shape.response.pick({ status: true, headers: true }),
  body: z.number().int().nonnegative(),
  chunks: z.array(z.tuple([z.number().nonnegative(), z.number().int().nonnegative()])).max(100_000),
});

/** An exchange as it passed (secrets already left out): the request's body and the response's chunks as bytes. */
export type PassedExchange = Omit<z.infer<typeof IndexedExchange>, "body" | "chunks"> & { body: Uint8Array; chunks: Chunk[] };

/** What a deck recorded: its own exchanges as they passed, a tape's (an upload's) as it came. */
export type Recorded = { exchanges: (PassedExchange | Exchange)[]; toolResults: ToolRecord[] };

/** The schedule a run booked on: its bookings as they stood when the run started, from that day on, are its snapshot. */
const ScheduleAt = z.object({ scheduleId: z.string() });
type ScheduleAt = z.infer<typeof ScheduleAt>;

export type StoredRecording = Recorded & {
  /** A fork names the run it was forked from and the exchange it diverged at. */
  parentRunId: string | null;
  forkedAt: number | null;
  stateBefore: unknown;
  options: TapeOptions;
  /** An uploaded tape's schedule as it came; a recorded run's, where to derive it from. */
  schedule: ScheduleSnapshot | ScheduleAt;
  /** The clock the run judged by (absent on tapes stored before runs had clocks). */
  clock?: Clock;
};

const Index = z.object({
  exchanges: z.array(z.union([IndexedExchange, z.object({ decoded: Exchange })])).max(MAX_EXCHANGES),
  toolResults: z.array(ToolRecord).max(MAX_EXCHANGES * MAX_TOOL_CALLS_PER_TURN),
  parentRunId: z.string().nullable().optional(),
  forkedAt: z.number().int().nullable().optional(),
  stateBefore: z.unknown().optional(),
  options: TapeOptions.optional(),
  schedule: z.union([ScheduleSnapshot, ScheduleAt]).optional(),
  clock: Clock.optional(),
});

const isPassed = (e: PassedExchange | Exchange): e is PassedExchange => "chunks" in e;

/**
 * A recording as bytes: a 4-byte length, the JSON index, then every passed exchange's body and
 * chunks in the index's order.
 */
function toBytes(recording: Recorded | StoredRecording): Buffer {
  const bytes: Uint8Array[] = [];
  const exchanges = recording.exchanges.map((e) => {
    if (!isPassed(e)) return { decoded: e };
    const { body, chunks, ...passed } = e;
    bytes.push(body, ...chunks.map((c) => c.bytes));
    return { ...passed, body: body.byteLength, chunks: chunks.map((c) => [c.t, c.bytes.byteLength]) };
  });
  const index = Buffer.from(JSON.stringify({ ...recording, exchanges }));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(index.byteLength);
  return Buffer.concat([length, index, ...bytes]);
}

/** The recording in `bytes`, its index checked; the passed exchanges' bytes are views into `bytes`. */
function fromBytes(bytes: Buffer): StoredRecording {
  const end = 4 + bytes.readUInt32BE(0);
  const index = Index.parse(JSON.parse(bytes.toString("utf8", 4, end)));
  let at = end;
  const take = (n: number) => bytes.subarray(at, (at += n));
  const exchanges = index.exchanges.map((e): PassedExchange | Exchange =>
    "decoded" in e ? e.decoded : { ...e, body: take(e.body), chunks: e.chunks.map(([t, n]) => ({ t, bytes: take(n) })) },
  );
  if (at !== bytes.byteLength) throw new Error(`A recording holds ${bytes.byteLength - at} bytes its index does not account for.`);
  return { ...(index as Omit<StoredRecording, "exchanges">), exchanges };
}

/**
 * A recording as a tape is stored: Brotli at its fastest quality shrinks it about sevenfold for
 * less than writing the difference would cost. In the run's own thread: handing it to the thread
 * pool cost each run about 1 ms more (measured).
 */
export function packRecording(recording: Recorded | StoredRecording): string {
  const bytes = toBytes(recording);
  return brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 0, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength },
  }).toString("base64");
}

/** A stored tape's recording. One stored before tapes were packed is plain JSON (base64 never starts with "{") and is read as it is. */
export function unpackRecording(stored: string): StoredRecording {
  if (stored.startsWith("{")) return JSON.parse(stored) as StoredRecording;
  return fromBytes(brotliDecompressSync(Buffer.from(stored, "base64")));
}

/** A service hop's recording on its way back to the caller, who packs it into the run's tape: not compressed twice. */
export function hopRecording(recording: Recorded): string {
  return toBytes(recording).toString("base64");
}

export function fromHopRecording(text: string): Recorded {
  return fromBytes(Buffer.from(text, "base64"));
}

export function isScheduleAt(schedule: StoredRecording["schedule"]): schedule is ScheduleAt {
  return "scheduleId" in schedule;
}

/** An exchange as the tape shows it: the request parsed, a stream decoded into timed frames, the canonical request hashed. */
export function decodeExchange(exchange: PassedExchange | Exchange): Exchange {
  if (!isPassed(exchange)) return exchange;
  const { body: bytes, chunks, request, response, ...where } = exchange;
  const body = parsedBody(new TextDecoder().decode(bytes));
  return {
    ...where,
    request: { ...request, body },
    response: recordedResponse(response.status, response.headers, chunks),
    ms: chunks.at(-1)?.t ?? 0,
    hash: hashOf(canonicalRequest(where.protocol, request.url, body)),
  };
}
