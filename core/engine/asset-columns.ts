// Asset ids and names of a fleet loaded from its stored image stay one joined string each until something asks for
// the whole array (splitting a million strings costs ~0.2 s here): a page of asset rows reads its 50 ids and names
// through assetIdAt/assetNameAt, which slice them from the column. Once the array exists (read, replaced or
// patched) they read the array, so a patched fleet never answers from a stale column.
// A patch that replaces, adds or removes a few asset rows (the common sync) keeps the column too: the patched fleet
// reads the column with the removed rows skipped, the changed names laid over it and the added rows after it
// (stringsAfter), so its patches split nothing until the edits outgrow MAX_OVERLAY.
import type { Asset } from '../model/snapshot';
import type { Fleet } from './fleet-types';
import { unshiftedRow, type RowEdits } from './record-replay';
import { columnLength, columnStrings, isBytes, stringAt, type ByteColumn, type StringColumn } from './string-column';

/**
 * A string column, the column rows removed (ascending), the values replaced (by column row), the rows added after
 * the column's kept rows, and once built, the whole array.
 */
interface LazyStrings {
  column: StringColumn;
  removed: Int32Array;
  overlay: ReadonlyMap<number, string>;
  added: readonly string[];
  array: string[] | null;
}

type Key = 'assetIds' | 'assetNames';

/** Overlay entries beyond which a patch builds the array instead (a Map of a few thousand names is cheap to copy). */
const MAX_OVERLAY = 4096;

// A patched fleet copies its input's property descriptors (fleet-patch.ts withChanged): the getter names its column.
const byGetter = new WeakMap<object, LazyStrings>();
const held = new WeakMap<Fleet, { ids: LazyStrings | undefined; names: LazyStrings | undefined }>();

function defineStrings(fleet: Fleet, key: Key, lazy: LazyStrings): void {
  const get = (): string[] => (lazy.array ??= wholeArray(lazy));
  byGetter.set(get, lazy);
  Object.defineProperty(fleet, key, {
    enumerable: true,
    configurable: true,
    get,
    set: (v: string[]) => {
      lazy.array = v;
    },
  });
}

function wholeArray(lazy: LazyStrings): string[] {
  let array = columnStrings(lazy.column);
  for (const [i, s] of lazy.overlay) array[i] = s;
  if (lazy.removed.length > 0) {
    const gone = new Uint8Array(array.length);
    for (const p of lazy.removed) gone[p] = 1;
    array = array.filter((_, i) => gone[i] === 0);
  }
  for (const s of lazy.added) array.push(s);
  return array;
}

/** Makes `fleet.assetIds` / `fleet.assetNames` arrays built on first read (a write replaces them). */
export function defineAssetColumns(fleet: Fleet, ids: StringColumn, names: StringColumn): void {
  const none = new Map<number, string>();
  const noRows = new Int32Array(0);
  defineStrings(fleet, 'assetIds', { column: ids, removed: noRows, overlay: none, added: [], array: null });
  defineStrings(fleet, 'assetNames', { column: names, removed: noRows, overlay: none, added: [], array: null });
}

function lazyOf(fleet: Fleet, key: Key): LazyStrings | undefined {
  const get = Object.getOwnPropertyDescriptor(fleet, key)?.get;
  return get ? byGetter.get(get) : undefined;
}

function heldOf(fleet: Fleet) {
  let h = held.get(fleet);
  if (!h) held.set(fleet, (h = { ids: lazyOf(fleet, 'assetIds'), names: lazyOf(fleet, 'assetNames') }));
  return h;
}

/** Rows of the column still present. */
const keptRows = (lazy: LazyStrings) => columnLength(lazy.column) - lazy.removed.length;

function at(lazy: LazyStrings | undefined, i: number): string | undefined {
  if (lazy === undefined || lazy.array !== null) return undefined;
  const kept = keptRows(lazy);
  if (i >= kept) return lazy.added[i - kept];
  const c = lazy.removed.length > 0 ? unshiftedRow(lazy.removed, i) : i;
  return (lazy.overlay.size > 0 ? lazy.overlay.get(c) : undefined) ?? stringAt(lazy.column, c);
}

/** fleet.assetIds[i], without building the whole array of a loaded fleet. */
export const assetIdAt = (fleet: Fleet, i: number): string => at(heldOf(fleet).ids, i) ?? fleet.assetIds[i];
/** fleet.assetNames[i], without building the whole array of a loaded fleet. */
export const assetNameAt = (fleet: Fleet, i: number): string => at(heldOf(fleet).names, i) ?? fleet.assetNames[i];

const edited = (lazy: LazyStrings) => lazy.overlay.size + lazy.removed.length + lazy.added.length;

/** A byte column whose bytes are all in memory (not a loaded image's, read when asked for). */
const inMemory = (c: StringColumn): c is ByteColumn => isBytes(c) && c.bytes instanceof Uint8Array;

/**
 * The byte columns `fleet.assetIds` and `fleet.assetNames` read as they are (no array built, no edit laid over them)
 * with all their bytes in memory (the first compile's), or null: an image of the fleet can keep them instead of
 * joining and encoding a million strings again. A loaded fleet's are left to the path they always took.
 */
export function unchangedAssetColumns(fleet: Fleet): { ids: ByteColumn; names: ByteColumn } | null {
  const { ids, names } = heldOf(fleet);
  if (ids === undefined || names === undefined || ids.array !== null || names.array !== null) return null;
  if (!inMemory(ids.column) || !inMemory(names.column)) return null;
  return edited(ids) + edited(names) === 0 ? { ids: ids.column, names: names.column } : null;
}

/** `lazy` after the row edits (rows of the fleet it belongs to); `valueOf` gives a replaced or added row's string. */
function lazyAfter(lazy: LazyStrings, edits: RowEdits<Asset>, valueOf: (a: Asset) => string, sameWhenReplaced: boolean): LazyStrings {
  const kept = keptRows(lazy);
  const overlay = new Map(lazy.overlay);
  const added: (string | null)[] = lazy.added.slice();
  const removed = Array.from(lazy.removed);
  const toColumn = (p: number) => (lazy.removed.length > 0 ? unshiftedRow(lazy.removed, p) : p);
  if (!sameWhenReplaced)
    for (const [p, a] of edits.replaced) {
      if (p >= kept) added[p - kept] = valueOf(a);
      else overlay.set(toColumn(p), valueOf(a));
    }
  for (const p of edits.removed) {
    if (p >= kept) added[p - kept] = null;
    else {
      const c = toColumn(p);
      overlay.delete(c);
      removed.push(c);
    }
  }
  const stillAdded = added.filter((x): x is string => x !== null);
  for (const a of edits.added) stillAdded.push(valueOf(a));
  return { column: lazy.column, removed: Int32Array.from(removed).sort(), overlay, added: stillAdded, array: null };
}

/**
 * When `from` still reads its asset ids and names from the image's columns and the edits stay few, returns what
 * lays `from`'s columns with the edits over a patched fleet (nothing is split or copied but the edits), and its ids
 * as an array built on demand; null: the patch writes the arrays.
 */
export function stringsAfter(from: Fleet, edits: RowEdits<Asset>): { define(patched: Fleet): void; ids(): string[] } | null {
  const h = heldOf(from);
  if (h.ids === undefined || h.names === undefined || h.ids.array !== null || h.names.array !== null) return null;
  const grows = edits.replaced.size + edits.removed.length + edits.added.length;
  if (edited(h.ids) + edited(h.names) + 2 * grows > MAX_OVERLAY) return null;
  const ids = lazyAfter(h.ids, edits, (a) => a.id, true);
  const names = lazyAfter(h.names, edits, (a) => a.name, false);
  return {
    define(patched) {
      defineStrings(patched, 'assetIds', ids);
      defineStrings(patched, 'assetNames', names);
      held.delete(patched);
    },
    ids: () => (ids.array ??= wholeArray(ids)),
  };
}
