// Asset ids and names of a fleet loaded from its stored image stay one joined string each until something asks for
// the whole array (splitting a million strings costs ~0.2 s here): a page of asset rows reads its 50 ids and names
// through assetIdAt/assetNameAt, which slice them from the column. Once the array exists (read, replaced or
// patched) they read the array, so a patched fleet never answers from a stale column.
// A patch that replaces asset rows in place (the common sync) keeps the column too: the patched fleet reads the
// column with the changed names laid over it (replaceAssetNames), so its first patch splits nothing.
import type { Asset } from '../model/snapshot';
import type { Fleet } from './fleet-types';
import { columnStrings, stringAt, type StringColumn } from './string-column';

/** A string column, the rows a patch replaced, and once built, the whole array. */
interface LazyStrings {
  column: StringColumn;
  overlay: ReadonlyMap<number, string>;
  array: string[] | null;
}

type Key = 'assetIds' | 'assetNames';

/** Overlay entries beyond which a patch builds the array instead (a Map of a few thousand names is cheap to copy). */
const MAX_OVERLAY = 4096;

// A patched fleet copies its input's property descriptors (fleet-patch.ts withChanged): the getter names its column.
const byGetter = new WeakMap<object, LazyStrings>();
const held = new WeakMap<Fleet, { ids: LazyStrings | undefined; names: LazyStrings | undefined }>();

function defineStrings(fleet: Fleet, key: Key, lazy: LazyStrings): void {
  const get = (): string[] => {
    if (lazy.array === null) {
      const array = columnStrings(lazy.column);
      for (const [i, s] of lazy.overlay) array[i] = s;
      lazy.array = array;
    }
    return lazy.array;
  };
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

/** Makes `fleet.assetIds` / `fleet.assetNames` arrays built on first read (a write replaces them). */
export function defineAssetColumns(fleet: Fleet, ids: StringColumn, names: StringColumn): void {
  const none = new Map<number, string>();
  defineStrings(fleet, 'assetIds', { column: ids, overlay: none, array: null });
  defineStrings(fleet, 'assetNames', { column: names, overlay: none, array: null });
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

const at = (lazy: LazyStrings | undefined, i: number): string | undefined =>
  lazy !== undefined && lazy.array === null
    ? ((lazy.overlay.size > 0 ? lazy.overlay.get(i) : undefined) ?? stringAt(lazy.column, i))
    : undefined;

/** fleet.assetIds[i], without building the whole array of a loaded fleet. */
export const assetIdAt = (fleet: Fleet, i: number): string => at(heldOf(fleet).ids, i) ?? fleet.assetIds[i];
/** fleet.assetNames[i], without building the whole array of a loaded fleet. */
export const assetNameAt = (fleet: Fleet, i: number): string => at(heldOf(fleet).names, i) ?? fleet.assetNames[i];

/** The fleet still reads its asset names from the image's column (no array was built): a patch can lay names over it. */
export function namesInColumn(fleet: Fleet): boolean {
  const lazy = heldOf(fleet).names;
  return lazy !== undefined && lazy.array === null && lazy.overlay.size < MAX_OVERLAY;
}

/**
 * `patched.assetNames` = `from`'s column with the replaced rows' names laid over it (rows replaced in place, same
 * positions; `from` must satisfy namesInColumn). Nothing is split or copied but the overlay.
 */
export function replaceAssetNames(from: Fleet, patched: Fleet, replaced: ReadonlyMap<number, Asset>): void {
  const lazy = heldOf(from).names!;
  const overlay = new Map(lazy.overlay);
  for (const [p, a] of replaced) overlay.set(p, a.name);
  defineStrings(patched, 'assetNames', { column: lazy.column, overlay, array: null });
  held.delete(patched);
}
