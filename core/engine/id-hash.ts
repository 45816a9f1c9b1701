// An id → index look-up over a string column: an open-addressing hash table in one Int32Array, built when the
// fleet image is written, so a loaded fleet answers `assetIndex.get(id)` without a Map of a million entries.
import type { IdLookup } from './fleet-types';
import { stringEquals, type StringColumn } from './string-column';

/** The stored table: slots hold position + 1 (0 = empty); its length is a power of two. */
export interface IdHashTable {
  slots: Int32Array;
  /** Distinct ids (Map.size of the first-wins index). */
  size: number;
}

/** FNV-1a over UTF-16 code units, with a final mix so nearby ids spread over the table. */
function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

/** Table over the column's ids; on repeated ids the first position wins (duplicates are not entered). */
export function buildIdHash(ids: readonly string[], column: StringColumn): IdHashTable {
  let cap = 8;
  while (cap < ids.length * 2) cap *= 2;
  const slots = new Int32Array(cap);
  const mask = cap - 1;
  let size = 0;
  for (let i = 0; i < ids.length; i++) {
    let at = hashOf(ids[i]) & mask;
    for (;;) {
      const held = slots[at];
      if (held === 0) {
        slots[at] = i + 1;
        size++;
        break;
      }
      if (stringEquals(column, held - 1, ids[i])) break;
      at = (at + 1) & mask;
    }
  }
  return { slots, size };
}

/** The IdLookup of a loaded fleet: probes the table and compares against the column in place. */
export class IdHash implements IdLookup {
  constructor(
    private readonly table: IdHashTable,
    private readonly column: StringColumn,
  ) {}

  get size(): number {
    return this.table.size;
  }

  get(id: string): number | undefined {
    const slots = this.table.slots;
    const mask = slots.length - 1;
    let at = hashOf(id) & mask;
    for (;;) {
      const held = slots[at];
      if (held === 0) return undefined;
      if (stringEquals(this.column, held - 1, id)) return held - 1;
      at = (at + 1) & mask;
    }
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }
}
