// Typed failures of the platform API. The sync decides from the class alone what to do: stop (auth), restart the
// collection (gone), wait and retry (rate limit, server, network, bad page), or give up (other request errors).
//
// What is stored and shown is the error's `kind`, a string literal written in the source: class names do not
// survive minification (the shipped extension and widget renamed AuthError to "Qc" and "j_"), so nothing may
// compare `error.name` or `constructor.name`.

/** Every kind an API failure can have; stored in the cache (SyncErrorInfo.kind), so never rename one. */
export const API_ERROR_KINDS = [
  'AuthError',
  'GoneError',
  'RateLimitError',
  'ServerError',
  'RequestError',
  'NetworkError',
  'BadPageError',
] as const;
export type ApiErrorKind = (typeof API_ERROR_KINDS)[number];

export abstract class ApiRequestError extends Error {
  abstract readonly kind: ApiErrorKind;
  /** HTTP status when the error came from an answer; undefined for network failures and unreadable bodies. */
  readonly status: number | undefined;
  constructor(message: string, status?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
  }

  // A getter, not `this.name = this.kind` in the constructor: subclass fields are not set yet when it runs.
  override get name(): string {
    return this.kind;
  }
}

/** 401 (not signed in / unknown API key) or 403 (not allowed). Never retried: it needs a person. */
export class AuthError extends ApiRequestError {
  readonly kind = 'AuthError';
}

/** 410: the cursor belongs to an earlier dataset; the collection must be fetched again from the start. */
export class GoneError extends ApiRequestError {
  readonly kind = 'GoneError';
  /** The history endpoint's 410 says from when the server keeps its history (HistoryGoneSchema); else undefined. */
  keptSince?: string;
}

/** 429. `retryAfterMs` from the Retry-After header (seconds or an HTTP date), null when absent or unreadable. */
export class RateLimitError extends ApiRequestError {
  readonly kind = 'RateLimitError';
  readonly retryAfterMs: number | null;
  constructor(message: string, retryAfterMs: number | null) {
    super(message, 429);
    this.retryAfterMs = retryAfterMs;
  }
}

/** 5xx. */
export class ServerError extends ApiRequestError {
  readonly kind = 'ServerError';
}

/** Any other non-2xx answer (400, 404, …): a bug on one side, retrying will not help. */
export class RequestError extends ApiRequestError {
  readonly kind = 'RequestError';
}

/** No answer: connection refused or dropped, DNS, offline, timeout, or the body stopped half-way. */
export class NetworkError extends ApiRequestError {
  readonly kind = 'NetworkError';
}

/** A 2xx answer whose body is not JSON or not a valid page (e.g. truncated). Retried, never applied. */
export class BadPageError extends ApiRequestError {
  readonly kind = 'BadPageError';
}

/** Errors worth another attempt after a pause. */
export function isRetryable(error: unknown): boolean {
  return error instanceof RateLimitError || error instanceof ServerError || error instanceof NetworkError || error instanceof BadPageError;
}

/** The kind of any failure, for storing and showing: an API error's kind, else the built-in name (e.g. "TypeError"). */
export function errorKindOf(error: unknown): string {
  if (error instanceof ApiRequestError) return error.kind;
  return error instanceof Error ? error.name : 'Error';
}
