// One collection's changes replayed over its rows by position, without copying the rows: what the cache's replay
// does (core/cache/segments.ts: a put of an existing key keeps its position, a delete removes it, a later put of a
// deleted key goes to the end, a change's deletes apply before its puts), told as rows removed, rows replaced in
// place and rows appended — the shape a patch of the compiled fleet needs.
import { recordKey } from '../api/contract';
import type { CollectionName } from '../model/collections';

export interface RowEdits<T> {
  /** Rows before the changes. */
  before: number;
  /** Old positions removed, ascending. */
  removed: Int32Array;
  /** Old position → its new record (the key kept its position). */
  replaced: Map<number, T>;
  /** New records after the remaining old rows, in order. */
  added: T[];
}

export interface ReplayChange {
  puts: readonly unknown[];
  deletes: readonly string[];
}

/**
 * Replays changes over `before` rows whose key → old position is `find` (undefined: no such key). Returns null when
 * nothing changed (every delete named an absent key and there were no puts).
 */
export function replayRows<T>(
  collection: CollectionName,
  before: number,
  find: (key: string) => number | undefined,
  changes: readonly ReplayChange[],
): RowEdits<T> | null {
  const gone = new Set<number>();
  const replaced = new Map<number, T>();
  const appended: (T | undefined)[] = [];
  const moved = new Map<string, number>(); // key → position (appended rows: before + k), -1 removed
  const at = (key: string) => moved.get(key) ?? find(key) ?? -1;
  let any = false;
  for (const change of changes) {
    for (const key of change.deletes) {
      const p = at(key);
      if (p < 0) continue;
      any = true;
      if (p < before) {
        gone.add(p);
        replaced.delete(p);
      } else appended[p - before] = undefined;
      moved.set(key, -1);
    }
    for (const record of change.puts) {
      any = true;
      const key = recordKey(collection, record as { id?: unknown });
      const p = at(key);
      if (p < 0) {
        moved.set(key, before + appended.length);
        appended.push(record as T);
      } else if (p < before) replaced.set(p, record as T);
      else appended[p - before] = record as T;
    }
  }
  if (!any) return null;
  const removed = Int32Array.from(gone).sort();
  return { before, removed, replaced, added: appended.filter((r): r is T => r !== undefined) };
}

/** The records after the edits (a new array; `records` is not changed). */
export function applyRows<T>(records: readonly T[], edits: RowEdits<T>): T[] {
  const out = records.slice();
  for (const [p, r] of edits.replaced) out[p] = r;
  if (edits.removed.length === 0) {
    for (const r of edits.added) out.push(r);
    return out;
  }
  const drop = new Uint8Array(records.length);
  for (const p of edits.removed) drop[p] = 1;
  const kept = out.filter((_, i) => drop[i] === 0);
  for (const r of edits.added) kept.push(r);
  return kept;
}

/** How many of the ascending `values` are below `x`. */
export function countBelow(values: Int32Array, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** New position of old row `p` (not removed): moved down by the removed rows below it. */
export const shiftedRow = (removed: Int32Array, p: number): number => p - countBelow(removed, p);

/** Positions (after the edits) of the rows replaced or added. */
export function touchedRows(edits: RowEdits<unknown>): number[] {
  const out: number[] = [];
  for (const p of edits.replaced.keys()) out.push(shiftedRow(edits.removed, p));
  const kept = edits.before - edits.removed.length;
  for (let k = 0; k < edits.added.length; k++) out.push(kept + k);
  return out;
}

/** Old position of new row `d` (a kept row, d < before - removed.length): the inverse of shiftedRow. */
export function unshiftedRow(removed: Int32Array, d: number): number {
  // removed[k] - k is non-decreasing: the old row is d plus the removed rows at or below it
  let lo = 0;
  let hi = removed.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (removed[mid] - mid <= d) lo = mid + 1;
    else hi = mid;
  }
  return d + lo;
}

/** One record after the edits at new row `p`, reading only that row of the old records (`old`). */
export function recordAfter<T>(edits: RowEdits<T>, old: (i: number) => T): (p: number) => T {
  const kept = edits.before - edits.removed.length;
  return (p) => {
    if (p >= kept) return edits.added[p - kept];
    const o = edits.removed.length > 0 ? unshiftedRow(edits.removed, p) : p;
    return edits.replaced.get(o) ?? old(o);
  };
}
