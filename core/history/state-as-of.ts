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
  const ms = /[Tt ]\d{2}:\d{2}/.test(time) && /(?:[Zz]|[+-]\d{2}:?\d{2})$/.test(time) ? Date.parse(time.toUpperCase().replace(' ', 'T')) : Number.NaN;
  if (Number.isNaN(ms)) throw new HistoryRangeError('BAD_TIME', `not a time with a zone: ${JSON.stringify(time)} (e.g. 2026-11-28T14:02:00Z)`);
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

/** Index of the first entry whose time is after `atMs` (entries are ordered by time). */
export function firstEntryAfter(history: History, atMs: number): number {
  let lo = 0;
  let hi = history.entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (Date.parse(history.entries[mid].at) <= atMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface StateAsOf {
  snapshot: Snapshot;
  /** Gaps after that moment: the state may miss changes made in them. */
  gaps: HistoryGap[];
}

/** The snapshot as of `at` (no history section of its own). Throws HistoryRangeError before `history.since`. */
export function stateAsOf(snapshot: Snapshot, history: History, at: string | number): StateAsOf {
  const atMs = typeof at === 'number' ? at : instantMs(at);
  checkInHistory(history, atMs);
  const from = firstEntryAfter(history, atMs);
  // key → the record as of T (null: it did not exist), per collection, from the first entry after T
  const undo = new Map<CollectionName, Map<string, unknown>>();
  for (let i = from; i < history.entries.length; i++) {
    const e = history.entries[i];
    let m = undo.get(e.collection);
    if (!m) undo.set(e.collection, (m = new Map()));
    if (!m.has(e.key)) m.set(e.key, e.before);
  }
  const { history: _own, ...rest } = snapshot;
  const out = { ...rest } as Snapshot;
  for (const c of COLLECTION_NAMES) {
    const m = undo.get(c);
    const records = snapshot[c] as unknown[] | undefined;
    if (!m) continue;
    const placed = new Set<string>();
    const next: unknown[] = [];
    for (const r of records ?? []) {
      const k = recordKey(c, r as Record<string, unknown>);
      if (!m.has(k) || placed.has(k)) {
        next.push(r);
        continue;
      }
      placed.add(k);
      const then = m.get(k);
      if (then !== null && then !== undefined) next.push(then);
    }
    for (const [k, then] of m) if (!placed.has(k) && then !== null && then !== undefined) next.push(then);
    (out as Record<string, unknown>)[c] = next;
  }
  return { snapshot: out, gaps: gapsAfter(history, atMs) };
}
