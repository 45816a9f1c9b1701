// Typed failures of the platform API. The sync decides from the class alone what to do: stop (auth), restart the
// collection (gone), wait and retry (rate limit, server, network, bad page), or give up (other request errors).

export class ApiRequestError extends Error {
  /** HTTP status when the error came from an answer; undefined for network failures and unreadable bodies. */
  readonly status: number | undefined;
  constructor(message: string, status?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.status = status;
  }
}

/** 401 (not signed in / unknown API key) or 403 (not allowed). Never retried: it needs a person. */
export class AuthError extends ApiRequestError {}

/** 410: the cursor belongs to an earlier dataset; the collection must be fetched again from the start. */
export class GoneError extends ApiRequestError {}

/** 429. `retryAfterMs` from the Retry-After header (seconds or an HTTP date), null when absent or unreadable. */
export class RateLimitError extends ApiRequestError {
  readonly retryAfterMs: number | null;
  constructor(message: string, retryAfterMs: number | null) {
    super(message, 429);
    this.retryAfterMs = retryAfterMs;
  }
}

/** 5xx. */
export class ServerError extends ApiRequestError {}

/** Any other non-2xx answer (400, 404, …): a bug on one side, retrying will not help. */
export class RequestError extends ApiRequestError {}

/** No answer: connection refused or dropped, DNS, offline, timeout, or the body stopped half-way. */
export class NetworkError extends ApiRequestError {}

/** A 2xx answer whose body is not JSON or not a valid page (e.g. truncated). Retried, never applied. */
export class BadPageError extends ApiRequestError {}

/** Errors worth another attempt after a pause. */
export function isRetryable(error: unknown): boolean {
  return error instanceof RateLimitError || error instanceof ServerError || error instanceof NetworkError || error instanceof BadPageError;
}
