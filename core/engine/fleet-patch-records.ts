// The record collections a patch changed (users, tickets, memberships), laid over the input snapshot's: one record
// and the count are read through the edits (snapshotRecord, collectionLength), the whole array is built on first read
// of snapshot[name]. A sync after a sync then reads the few records it touches, never the 95k memberships or 50k
// tickets of a 1M fleet. Each patch adds a level of look-up: past MAX_DEPTH levels the array is built once and the
// chain is dropped.
import type { Snapshot } from '../model/snapshot';
import { defineRecordView, snapshotRecord, type RecordView, type TextCollection } from './lazy-snapshot';
import { recordAfter, type RowEdits } from './record-replay';

const MAX_DEPTH = 32;

interface PatchedView extends RecordView {
  count: number;
  at: (i: number) => unknown;
  depth: number;
}

const byGetter = new WeakMap<object, PatchedView>();

/** Defines `patched[name]` as `from[name]` after `edits`; `whole` builds the array (read once, on first use). */
export function definePatchedRecords<T>(
  patched: Snapshot,
  from: Snapshot,
  name: TextCollection,
  edits: RowEdits<T>,
  whole: () => T[],
): void {
  const fromGet = Object.getOwnPropertyDescriptor(from, name)?.get;
  const depth = (fromGet ? (byGetter.get(fromGet)?.depth ?? 0) : 0) + 1;
  let array: T[] | null = null;
  const view: PatchedView = {
    count: edits.before - edits.removed.length + edits.added.length,
    at: recordAfter(edits, (i) => snapshotRecord(from, name, i) as T),
    depth,
  };
  const hold = (v: T[]): T[] => {
    array = v;
    // the array answers from now on: the edits and the input snapshot are no longer held
    view.at = (i) => v[i];
    view.count = v.length;
    view.depth = 0;
    return v;
  };
  const get = (): T[] => array ?? hold(whole());
  Object.defineProperty(patched, name, { enumerable: true, configurable: true, get, set: hold });
  byGetter.set(get, view);
  defineRecordView(get, view);
  if (depth > MAX_DEPTH) get();
}
