// A loaded fleet's asset tag offsets (assetTagStart) read one asset at a time without the million-entry prefix sum.
// The image stores the offsets as the lengths between them; summing them all into a fresh 4 MB Int32Array cost a
// woken worker ~20 ms at 1M assets before its first page, which names 50 assets. One asset's offset is summed from
// a mark every MARK rows, and the marks are summed only as far as the highest asset read (a page of the first rows
// sums a few dozen lengths). The whole array is still built when something reads `fleet.assetTagStart` (every loop
// over all assets does), and from then on the array answers.
import type { Fleet } from './fleet-types';
import { defineLazy } from './lazy-value';
import { unpackStarts, type PackedInts } from './packed-ints';

const MARK = 64;

interface LazyStarts {
  packed: PackedInts;
  /** marks[b]: the offset of row b * MARK, valid for b <= marked. */
  marks: Int32Array;
  marked: number;
  /** The whole array exists (read or written): it answers. */
  whole: () => boolean;
}

// Not a property of the fleet's keys: a patched fleet (fleet-patch.ts withChanged copies the keys) reads the array.
const lazyStarts = new WeakMap<Fleet, LazyStarts>();

/** Makes `fleet.assetTagStart` the offsets of `packed` (packStarts), built whole on first read (a write replaces it). */
export function defineTagStarts(fleet: Fleet, packed: PackedInts): void {
  const marks = new Int32Array(Math.floor(packed.length / MARK) + 1);
  marks[0] = packed.first ?? 0;
  const whole = defineLazy(fleet, 'assetTagStart', () => unpackStarts(packed));
  lazyStarts.set(fleet, { packed, marks, marked: 0, whole });
}

/** fleet.assetTagStart[i], without building the whole array of a loaded fleet. */
export function assetTagStartAt(fleet: Fleet, i: number): number {
  const lazy = lazyStarts.get(fleet);
  return lazy === undefined || lazy.whole() ? fleet.assetTagStart[i] : startAt(lazy, i);
}

function startAt(lazy: LazyStarts, i: number): number {
  const { data, bias } = lazy.packed;
  const { marks } = lazy;
  if (data === null) return marks[0] + i * bias;
  const b = Math.floor(i / MARK);
  for (; lazy.marked < b; lazy.marked++) {
    let at = marks[lazy.marked];
    const from = lazy.marked * MARK;
    for (let k = from; k < from + MARK; k++) at += data[k] + bias;
    marks[lazy.marked + 1] = at;
  }
  let at = marks[b];
  for (let k = b * MARK; k < i; k++) at += data[k] + bias;
  return at;
}
