// An id → index look-up over a string column: an open-addressing hash table in one Int32Array, built when the
// fleet image is written, so a loaded fleet answers `assetIndex.get(id)` without a Map of a million entries.
import type { IdLookup } from './fleet-types';
import { columnStrings, stringEquals, type StringColumn } from './string-column';

/**
 * The stored table: slots hold position + 1 (0 = empty), in 16 bits when the positions fit; about 1.5 slots per id
 * (a slot is found by remainder, not a mask: a power of two would double the table for 100k ids).
 */
export interface IdHashTable {
  slots: Int32Array | Uint16Array | PartSlots;
  /** Distinct ids (Map.size of the first-wins index). */
  size: number;
}

/**
 * Slots of a loaded table read a window at a time (core/engine/fleet-image-bytes.ts): `at` throws BytesPending for
 * a slot not read yet. A look-up probes a few slots, and at 1M assets the table is 6 MB.
 */
export interface PartSlots {
  readonly length: number;
  at(i: number): number;
}

/** FNV-1a over UTF-16 code units, with a final mix so nearby ids spread over the table. */
export function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

/** The empty table for `n` ids. */
function emptySlots(n: number): Int32Array | Uint16Array {
  const cap = Math.max(8, Math.ceil(n * 1.5));
  return n < 0xffff ? new Uint16Array(cap) : new Int32Array(cap);
}

/** Table over the column's ids; on repeated ids the first position wins (duplicates are not entered). */
export function buildIdHash(ids: readonly string[], column: StringColumn): IdHashTable {
  const slots = emptySlots(ids.length);
  const cap = slots.length;
  let size = 0;
  for (let i = 0; i < ids.length; i++) {
    let at = hashOf(ids[i]) % cap;
    for (;;) {
      const held = slots[at];
      if (held === 0) {
        slots[at] = i + 1;
        size++;
        break;
      }
      if (stringEquals(column, held - 1, ids[i])) break;
      if (++at === cap) at = 0;
    }
  }
  return { slots, size };
}

/**
 * The table buildIdHash makes of ids known to be distinct, from their hashOf values (as int32) in position order:
 * the same slots, with no id compared (a cold read's replay keeps the hashes, not the ids as strings).
 */
export function distinctIdHash(hashes: Int32Array): IdHashTable {
  const slots = emptySlots(hashes.length);
  const cap = slots.length;
  for (let i = 0; i < hashes.length; i++) {
    let at = (hashes[i] >>> 0) % cap;
    while (slots[at] !== 0) if (++at === cap) at = 0;
    slots[at] = i + 1;
  }
  return { slots, size: hashes.length };
}

/** Position of `id` in the column (its first), or undefined: probes the table, compares against the column in place. */
export function lookupId(table: IdHashTable, column: StringColumn, id: string): number | undefined {
  const slots = table.slots;
  const whole = ArrayBuffer.isView(slots) ? slots : null;
  const cap = slots.length;
  let at = hashOf(id) % cap;
  for (;;) {
    const held = whole ? whole[at] : (slots as PartSlots).at(at);
    if (held === 0) return undefined;
    if (stringEquals(column, held - 1, id)) return held - 1;
    if (++at === cap) at = 0;
  }
}

/** The IdLookup of a loaded fleet over its asset or ticket ids. */
export class IdHash implements IdLookup {
  constructor(
    readonly table: IdHashTable,
    readonly column: StringColumn,
  ) {}

  get size(): number {
    return this.table.size;
  }

  get(id: string): number | undefined {
    return lookupId(this.table, this.column, id);
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }
}

/**
 * A Map of id → first position that answers get/has/size from the stored table and fills its own entries only when
 * something iterates or changes it (a patch may `set` into a key index), so a loaded fleet needs no Map built first.
 */
export class HashedIdMap extends Map<string, number> {
  // private fields, not properties: the object stays a plain Map to equality checks and spreads
  readonly #table: IdHashTable;
  readonly #column: StringColumn;
  #filled = false;

  constructor(table: IdHashTable, column: StringColumn) {
    super();
    this.#table = table;
    this.#column = column;
  }

  #fill(): void {
    if (this.#filled) return;
    this.#filled = true;
    const ids = columnStrings(this.#column);
    for (let i = 0; i < ids.length; i++) if (!super.has(ids[i])) super.set(ids[i], i);
  }

  override get(id: string): number | undefined {
    return this.#filled ? super.get(id) : lookupId(this.#table, this.#column, id);
  }
  override has(id: string): boolean {
    return this.get(id) !== undefined;
  }
  override get size(): number {
    return this.#filled ? super.size : this.#table.size;
  }
  override set(id: string, value: number): this {
    this.#fill();
    return super.set(id, value);
  }
  override delete(id: string): boolean {
    this.#fill();
    return super.delete(id);
  }
  override clear(): void {
    this.#filled = true;
    super.clear();
  }
  override forEach(f: (value: number, key: string, map: Map<string, number>) => void, thisArg?: unknown): void {
    this.#fill();
    super.forEach(f, thisArg);
  }
  override entries(): MapIterator<[string, number]> {
    this.#fill();
    return super.entries();
  }
  override keys(): MapIterator<string> {
    this.#fill();
    return super.keys();
  }
  override values(): MapIterator<number> {
    this.#fill();
    return super.values();
  }
  override [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }
}
