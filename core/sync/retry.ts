// Retries of one request: exponential backoff with full jitter (delay = random × min(cap, base × 2^n)), at
// least as long as the server's Retry-After. p-retry counts attempts; the waiting is ours so tests can inject
// a sleep and a random source instead of fake timers.
import pRetry from 'p-retry';
import { RateLimitError, isRetryable } from './errors';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the request fails and the next sync run tries again. */
  maxRetryAfterMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform in [0, 1). */
  random: () => number;
}

export interface RetryEvent {
  error: unknown;
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  sleep: abortableSleep,
  random: Math.random,
};

/** Delay before retry number `retriesDone + 1`. */
export function retryDelay(
  error: unknown,
  retriesDone: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retriesDone);
  const jittered = Math.floor(policy.random() * ceiling);
  const retryAfter = error instanceof RateLimitError ? error.retryAfterMs : null;
  return retryAfter === null ? jittered : Math.max(retryAfter, jittered);
}

/** Runs `attempt` until it succeeds, fails with a non-retryable error, runs out of retries, or `signal` aborts. */
export function withRetry<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  signal?: AbortSignal,
  onRetry?: (event: RetryEvent) => void,
): Promise<T> {
  return pRetry(attempt, {
    retries: policy.retries,
    // p-retry's own timer stays at zero: the wait happens in shouldRetry through the injectable sleep.
    minTimeout: 0,
    maxTimeout: 0,
    signal,
    shouldRetry: async ({ error, retriesConsumed }) => {
      if (signal?.aborted || !isRetryable(error)) return false;
      if (error instanceof RateLimitError && (error.retryAfterMs ?? 0) > policy.maxRetryAfterMs) return false;
      const delayMs = retryDelay(error, retriesConsumed, policy);
      onRetry?.({ error, retry: retriesConsumed + 1, delayMs });
      await policy.sleep(delayMs, signal);
      return true;
    },
  });
}
