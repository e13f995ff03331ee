import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/core/serde";
import { SimRequestError, awsAccessKeyId, jsonResponse, streamResponse } from "./wire";

/** What AWS services share on the wire: the event stream framing and the error shape. */
const codec = new EventStreamCodec(toUtf8, fromUtf8);

export type AwsEvent = { type: string; body: unknown };

function header(value: string) {
  return { type: "string" as const, value };
}

export function eventStreamResponse(
  events: (signal: AbortSignal) => AsyncIterable<AwsEvent>,
  signal: AbortSignal,
  headers: Record<string, string> = {},
): Response {
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
function awsErrorType(status: number): string {
  if (status === 429) return "ThrottlingException";
  if (status === 404) return "ResourceNotFoundException";
  if (status === 408 || status === 504) return "ModelTimeoutException";
  if (status === 403) return "AccessDeniedException";
  if (status === 413) return "ServiceQuotaExceededException";
  if (status === 415) return "UnsupportedMediaTypeException";
  if (status >= 500) return "InternalServerException";
  return "ValidationException";
}

function awsError(status: number, message: string, type = awsErrorType(status)): Response {
  return jsonResponse({ message }, status, {
    "x-amzn-errortype": `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
    "x-amzn-requestid": "00000000-0000-4000-8000-000000000000",
  });
}

/** A refusal as AWS words it: a validation problem names where in the body it is. */
export function awsRequestError(error: SimRequestError): Response {
  const { status, detail } = error;
  const message = detail.param
    ? `1 validation error detected: Value at '${detail.param}' failed to satisfy constraint: ${error.message}`
    : error.message;
  return awsError(status, message, detail.type);
}

/**
 * The caller, as AWS knows it: the access key id in the SigV4 Authorization header. AWS refuses an
 * unsigned request before anything else, and so does the simulated service (it cannot check the
 * signature, having no secret keys, so the key id alone names the caller).
 */
export function awsCaller(req: Request): string {
  const accessKeyId = awsAccessKeyId(req);
  if (accessKeyId) return accessKeyId;
  if (!req.headers.get("authorization"))
    throw new SimRequestError("Missing Authentication Token", 403, { type: "MissingAuthenticationTokenException" });
  throw new SimRequestError(
    "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter.",
    403,
    { type: "IncompleteSignatureException" },
  );
}

/** AWS resource ids (agents, aliases, sessions): letters, digits and . _ : - only. */
export const AWS_ID = /^[0-9a-zA-Z._:-]{1,100}$/;
