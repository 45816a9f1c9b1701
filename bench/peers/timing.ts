// Small measuring helpers shared by the peer comparison and the growth benchmark.
import { performance } from 'node:perf_hooks';

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

/** Runs fn and returns its result with the elapsed milliseconds. */
export function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}

/**
 * Mean µs per call over `items`, the fastest of `rounds` passes (after an untimed warm-up over a slice): on a shared
 * machine noise only ever adds time. Batches, not single calls, are timed: a sub-microsecond call is below the
 * clock's useful resolution.
 */
export function perCallUs<T>(items: readonly T[], call: (item: T) => unknown, rounds = 5): number {
  if (items.length === 0) return NaN;
  for (let i = 0; i < Math.min(items.length, 200); i++) call(items[i]);
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < items.length; i++) call(items[i]);
    best = Math.min(best, ((performance.now() - t0) * 1000) / items.length);
  }
  return best;
}

/** Heap in use after a full collection, or NaN when node runs without --expose-gc. */
export function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return NaN;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** `k` distinct indexes below `n` (all of them when k >= n), in random order. */
export function sampleIndexes(n: number, k: number, rnd: () => number): number[] {
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  const picked = new Set<number>();
  while (picked.size < k) picked.add(Math.floor(rnd() * n));
  return [...picked];
}

export const fmtNum = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

/** A duration for people: µs below 1 ms, ms below 10 s, then s / min / h. */
export function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 1) return `${fmtNum(ms * 1000, ms < 0.01 ? 2 : 1)} µs`;
  if (ms < 10_000) return `${fmtNum(ms, ms < 10 ? 2 : ms < 100 ? 1 : 0)} ms`;
  if (ms < 120_000) return `${fmtNum(ms / 1000, 1)} s`;
  if (ms < 7_200_000) return `${fmtNum(ms / 60_000, 1)} min`;
  return `${fmtNum(ms / 3_600_000, 1)} h`;
}

export const fmtRatio = (r: number) => (!Number.isFinite(r) ? 'n/a' : r >= 100 ? `${fmtNum(r, 0)}×` : `${fmtNum(r, 1)}×`);
