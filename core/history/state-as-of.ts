// State as of a past moment (issue 18, /work design): the current snapshot with every history entry after that
// moment undone. For each record touched after T, its state at T is the `before` of its first entry after T — the
// same as undoing newest first, in one pass. Records keep their place; a record deleted after T comes back at the
// end of its collection (order within a collection is not part of the state).
import { recordKey } from '../api/contract';
import type { History, HistoryGap } from '../model/history';
import { COLLECTION_NAMES, type CollectionName, type Snapshot } from '../model/snapshot';

/** A moment the history cannot answer for: before `since`, or not a time at all. */
export class HistoryRangeError extends Error {
  constructor(
    readonly code: 'BEFORE_HISTORY' | 'BAD_TIME' | 'NO_HISTORY',
    message: string,
    /** The oldest moment the history answers for (BEFORE_HISTORY). */
    readonly since: string | null = null,
  ) {
    super(message);
    this.name = 'HistoryRangeError';
  }
}

/** Milliseconds of an ISO time with a zone; HistoryRangeError BAD_TIME otherwise. */
export function instantMs(time: string): number {
  const ms =
    /[Tt ]\d{2}:\d{2}/.test(time) && /(?:[Zz]|[+-]\d{2}:?\d{2})$/.test(time)
      ? Date.parse(time.toUpperCase().replace(' ', 'T'))
      : Number.NaN;
  if (Number.isNaN(ms))
    throw new HistoryRangeError('BAD_TIME', `not a time with a zone: ${JSON.stringify(time)} (e.g. 2026-11-28T14:02:00Z)`);
  return ms;
}

/** Throws BEFORE_HISTORY when `at` is earlier than the history reaches. */
export function checkInHistory(history: History, atMs: number): void {
  if (atMs < Date.parse(history.since))
    throw new HistoryRangeError('BEFORE_HISTORY', `history starts at ${history.since}: nothing is known before it`, history.since);
}

/** Gaps that end after `atMs`: changes in them may be missing, so the state as of `atMs` may be off. */
export function gapsAfter(history: History, atMs: number): HistoryGap[] {
  return history.gaps.filter((g) => Date.parse(g.to) > atMs);
}

const timesMemo = new WeakMap<History['entries'], Float64Array>();
/** Each entry's time in ms, parsed once per entries array (a history is not changed in place). */
export function entryTimes(history: History): Float64Array {
  let t = timesMemo.get(history.entries);
  if (!t || t.length !== history.entries.length)
    timesMemo.set(history.entries, (t = Float64Array.from(history.entries, (e) => Date.parse(e.at))));
  return t;
}

/** Index of the first entry whose time is after `atMs` (entries are ordered by time). */
export function firstEntryAfter(history: History, atMs: number): number {
  const times = entryTimes(history);
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] <= atMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface StateAsOf {
  snapshot: Snapshot;
  /** Gaps after that moment: the state may miss changes made in them. */
  gaps: HistoryGap[];
}

/** Per collection, each key changed after a moment with the record it had then (null: it did not exist). */
export type Undo = Map<CollectionName, Map<string, unknown>>;

/** For each record changed after `atMs`: its state then (null: it did not exist), per collection. */
export function undoAfter(history: History, atMs: number): Undo {
  const undo: Undo = new Map();
  for (let i = firstEntryAfter(history, atMs); i < history.entries.length; i++) {
    const e = history.entries[i];
    let m = undo.get(e.collection);
    if (!m) undo.set(e.collection, (m = new Map()));
    if (!m.has(e.key)) m.set(e.key, e.before);
  }
  return undo;
}

/**
 * One collection as of then, given the undo map: records keep their place, restored ones come last. `keep` (when
 * given) drops records before their key is even computed — the history walker reads only some assets.
 */
export function collectionAsOf<T>(
  collection: CollectionName,
  records: readonly T[] | undefined,
  undo: Map<string, unknown> | undefined,
  keep?: (record: T) => boolean,
): T[] {
  if (!undo) return keep ? (records ?? []).filter(keep) : [...(records ?? [])];
  const placed = new Set<string>();
  const next: T[] = [];
  const byId = collection !== 'memberships';
  for (const r of records ?? []) {
    // A record not kept is passed over (its state then, if kept, is added at the end like a restored one).
    if (keep && !keep(r)) continue;
    // Ids as keys read directly: this loop runs over every asset of the fleet.
    const k = byId ? String((r as { id?: unknown }).id) : recordKey(collection, r as Record<string, unknown>);
    if (!undo.has(k) || placed.has(k)) {
      next.push(r);
      continue;
    }
    placed.add(k);
    const then = undo.get(k) as T | null;
    if (then !== null && then !== undefined && (!keep || keep(then))) next.push(then);
  }
  for (const [k, then] of undo)
    if (!placed.has(k) && then !== null && then !== undefined && (!keep || keep(then as T))) next.push(then as T);
  return next;
}

/** The snapshot as of `at` (no history section of its own). Throws HistoryRangeError before `history.since`. */
export function stateAsOf(snapshot: Snapshot, history: History, at: string | number): StateAsOf {
  const atMs = typeof at === 'number' ? at : instantMs(at);
  checkInHistory(history, atMs);
  const undo = undoAfter(history, atMs);
  const { history: _own, ...rest } = snapshot;
  const out = { ...rest } as Snapshot;
  for (const c of COLLECTION_NAMES) {
    if (!undo.has(c)) continue;
    (out as Record<string, unknown>)[c] = collectionAsOf(c, snapshot[c] as unknown[] | undefined, undo.get(c));
  }
  return { snapshot: out, gaps: gapsAfter(history, atMs) };
}
