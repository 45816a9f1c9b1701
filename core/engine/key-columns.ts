// The key id columns (organizations, sites, projects) of a fleet loaded from its image stay stored strings until
// something reads a whole array: one asset's record names one site, and splitting the 200,000 site ids of a
// million-asset fleet cost a woken worker's first page ~8 ms. `keyIdAt` reads one id from the column while the
// array is unbuilt, and the array once it exists (read or written).
import type { Fleet } from './fleet-types';
import { defineLazy } from './lazy-value';
import { columnStrings, stringAt, type StringColumn } from './string-column';

type KeyColumn = 'orgKeyIds' | 'siteKeyIds' | 'projectKeyIds';

interface LazyColumn {
  column: StringColumn;
  /** The array exists (read or written): it answers. */
  whole: () => boolean;
}

// Keyed by the fleet itself: a patched fleet (fleet-patch.ts withChanged) reads its arrays.
const lazyColumns = new WeakMap<Fleet, Partial<Record<KeyColumn, LazyColumn>>>();

/** Makes `fleet[key]` the strings of `column`, split on first read (a write replaces them). */
export function defineKeyColumn(fleet: Fleet, key: KeyColumn, column: StringColumn): void {
  const whole = defineLazy(fleet, key, () => columnStrings(column));
  let columns = lazyColumns.get(fleet);
  if (!columns) lazyColumns.set(fleet, (columns = {}));
  columns[key] = { column, whole };
}

/** fleet[key][i], without splitting the whole column of a loaded fleet. */
export function keyIdAt(fleet: Fleet, key: KeyColumn, i: number): string {
  const lazy = lazyColumns.get(fleet)?.[key];
  return lazy === undefined || lazy.whole() ? fleet[key][i] : stringAt(lazy.column, i);
}
