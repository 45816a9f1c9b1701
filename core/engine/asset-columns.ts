// Asset ids and names of a fleet loaded from its stored image stay one joined string each until something asks for
// the whole array (splitting a million strings costs ~0.2 s here): a page of asset rows reads its 50 ids and names
// through assetIdAt/assetNameAt, which slice them from the column. Once the array exists (read, replaced or
// patched) they read the array, so a patched fleet never answers from a stale column.
import type { Fleet } from './fleet-types';
import { columnStrings, stringAt, type StringColumn } from './string-column';

/** A string column and, once built, its array. */
export interface LazyStrings {
  column: StringColumn;
  array: string[] | null;
}

const columns = new WeakMap<Fleet, { ids: LazyStrings; names: LazyStrings }>();

/** Makes `fleet.assetIds` / `fleet.assetNames` arrays built on first read (a write replaces them). */
export function defineAssetColumns(fleet: Fleet, ids: StringColumn, names: StringColumn): void {
  const held: { ids: LazyStrings; names: LazyStrings } = { ids: { column: ids, array: null }, names: { column: names, array: null } };
  columns.set(fleet, held);
  for (const [key, lazy] of [
    ['assetIds', held.ids],
    ['assetNames', held.names],
  ] as const)
    Object.defineProperty(fleet, key, {
      enumerable: true,
      configurable: true,
      get: () => (lazy.array ??= columnStrings(lazy.column)),
      set: (v: string[]) => {
        lazy.array = v;
      },
    });
}

const at = (lazy: LazyStrings | undefined, i: number): string | undefined =>
  lazy !== undefined && lazy.array === null ? stringAt(lazy.column, i) : undefined;

/** fleet.assetIds[i], without building the whole array of a loaded fleet. */
export const assetIdAt = (fleet: Fleet, i: number): string => at(columns.get(fleet)?.ids, i) ?? fleet.assetIds[i];
/** fleet.assetNames[i], without building the whole array of a loaded fleet. */
export const assetNameAt = (fleet: Fleet, i: number): string => at(columns.get(fleet)?.names, i) ?? fleet.assetNames[i];
