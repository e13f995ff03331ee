import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/core/serde";
import { jsonResponse, streamResponse } from "./wire";

/** What AWS services share on the wire: the event stream framing and the error shape. */
const codec = new EventStreamCodec(toUtf8, fromUtf8);

export type AwsEvent = { type: string; body: unknown };

function header(value: string) {
  return { type: "string" as const, value };
}

export function eventStreamResponse(events: (signal: AbortSignal) => AsyncIterable<AwsEvent>, signal: AbortSignal, headers: Record<string, string> = {}): Response {
  async function* frames(stop: AbortSignal) {
    for await (const e of events(stop)) {
      yield codec.encode({
        headers: { ":event-type": header(e.type), ":message-type": header("event"), ":content-type": header("application/json") },
        body: fromUtf8(JSON.stringify(e.body)),
      });
    }
  }
  return streamResponse(frames, signal, { "content-type": "application/vnd.amazon.eventstream", ...headers });
}

/** AWS error types by status, named as the Bedrock services name them. */
export function awsErrorType(status: number): string {
  if (status === 429) return "ThrottlingException";
  if (status === 404) return "ResourceNotFoundException";
  if (status === 408 || status === 504) return "ModelTimeoutException";
  if (status >= 500) return "InternalServerException";
  return "ValidationException";
}

export function awsError(status: number, message: string, type = awsErrorType(status)): Response {
  return jsonResponse({ message }, status, { "x-amzn-errortype": `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`, "x-amzn-requestid": "00000000-0000-4000-8000-000000000000" });
}
