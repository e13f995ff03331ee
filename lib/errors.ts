/** The one error type of the app: a stable code for clients, a message for people. */
export const ERROR_STATUS = {
  // domain
  invalid_date: 400,
  invalid_time: 400,
  slot_not_found: 404,
  slot_in_past: 409,
  outside_hours: 409,
  beyond_horizon: 409,
  slot_taken: 409,
  limit_reached: 409,
  booking_not_found: 404,
  idempotency_conflict: 422,
  // http
  bad_request: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  not_found: 404,
  unauthorized: 401,
  forbidden: 403,
  // runs and vendors
  vendor_error: 502,
  vendor_rate_limited: 429,
  vendor_timeout: 504,
  model_output_invalid: 502,
  service_unavailable: 503,
  aborted: 499,
  loop_cap: 200,
  event_cap: 200,
  not_paused: 409,
  already_running: 409,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, opts: { retryable?: boolean; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = "AppError";
    this.code = code;
    this.retryable = opts.retryable ?? false;
    this.details = opts.details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toJSON() {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** What the public may read of a failure: an AppError's message is written for members; anything else (a driver's or a library's words) stays in the server log. */
export const INTERNAL_MESSAGE = "Something went wrong on our side.";
export function publicMessage(error: unknown): string {
  return isAppError(error) ? error.message : INTERNAL_MESSAGE;
}
