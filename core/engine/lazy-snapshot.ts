// The snapshot of a fleet loaded from its stored image (core/engine/fleet-image.ts): each collection is parsed from
// its stored text on first read of the whole array; the assets are rebuilt from the fleet's columns only when the whole
// array is asked for. The explain path reads single records through snapshotRecord, which parses only that record
// while its collection is still text (one user's first answer needs a handful of users, memberships and sites).
// The text is kept as UTF-8 bytes: a JS string holding one character above U+00FF is stored two bytes a character
// (V8's two-byte strings), and IndexedDB's read time follows the bytes. Each record is stored as the array of its
// values after the number of its shape (its keys in order, stored once): records of a collection have a few shapes.
import { COLLECTION_NAMES, type CollectionName } from '../model/collections';
import type { Snapshot } from '../model/snapshot';
import { packInts, unpackStarts, type PackedInts } from './packed-ints';
import { byteRange, wholeBytes, type Bytes } from './part-bytes';

/** A collection as the UTF-8 bytes of one JSON array text: record i is its bytes between offsets i and i + 1 (less the ','). */
export interface StoredRecords {
  /** In memory, or read a range at a time from a stored image (core/engine/part-bytes.ts). */
  bytes: Bytes;
  /** Bytes of each record with the ',' or ']' after it (the first record begins after '['). */
  lengths: PackedInts;
  /** The records' shapes (keys in order) when each record is stored as [shape, ...values]; null: as objects. */
  shapes: string[][] | null;
}

export type TextCollection = Exclude<CollectionName, 'assets'>;
type RecordOf<K extends CollectionName> = NonNullable<Snapshot[K]>[number];

/**
 * Each record as [shape, ...values] with the shapes, or null when a record is not a plain object, holds an undefined
 * value (JSON drops the key; an array would keep a null) or a "__proto__" key (an assignment would set the prototype).
 */
function shaped(records: readonly unknown[]): { rows: unknown[][]; shapes: string[][] } | null {
  const shapes: string[][] = [];
  const shapeOf = new Map<string, number>();
  const rows = new Array<unknown[]>(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return null;
    const keys = Object.keys(r);
    const name = JSON.stringify(keys);
    let shape = shapeOf.get(name);
    if (shape === undefined) {
      if (keys.includes('__proto__')) return null;
      shapeOf.set(name, (shape = shapes.length));
      shapes.push(keys);
    }
    const row = new Array<unknown>(keys.length + 1);
    row[0] = shape;
    for (let k = 0; k < keys.length; k++) {
      const v = (r as Record<string, unknown>)[keys[k]];
      if (v === undefined) return null;
      row[k + 1] = v;
    }
    rows[i] = row;
  }
  return { rows, shapes };
}

/** Bytes of `s` in UTF-8 (JSON text: surrogates come in pairs, a lone one is escaped by JSON.stringify). */
function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) n += c < 0x800 || (c >= 0xd800 && c < 0xe000) ? 1 : 2;
  }
  return n;
}

const NOT_ASCII = /[^\u0000-\u007f]/;

export function storeRecords(records: readonly unknown[]): StoredRecords {
  const s = shaped(records);
  const parts = (s ? s.rows : records).map((r) => JSON.stringify(r));
  const lengths = new Int32Array(parts.length);
  for (let i = 0; i < parts.length; i++) lengths[i] = (NOT_ASCII.test(parts[i]) ? utf8Length(parts[i]) : parts[i].length) + 1;
  return { bytes: new TextEncoder().encode(`[${parts.join(',')}]`), lengths: packInts(lengths), shapes: s ? s.shapes : null };
}

const decoder = new TextDecoder();
const offsetsOf = new WeakMap<StoredRecords, Int32Array>();
/** Where each record begins (offset i) and, one past its end plus one, ends (offset i + 1). */
function offsets(records: StoredRecords): Int32Array {
  let o = offsetsOf.get(records);
  if (!o) offsetsOf.set(records, (o = unpackStarts({ ...records.lengths, first: 1 })));
  return o;
}

function asObject(shapes: readonly string[][], row: readonly unknown[]): Record<string, unknown> {
  const keys = shapes[row[0] as number];
  const o: Record<string, unknown> = {};
  for (let k = 0; k < keys.length; k++) o[keys[k]] = row[k + 1];
  return o;
}

export const recordCount = (records: StoredRecords): number => records.lengths.length;

/**
 * A record's text. An ASCII record (most) is read byte by byte: the first TextDecoder call of a process costs
 * milliseconds (node sets its decoder up), which a stopped worker's first answer would pay for a few short records.
 */
function recordText(bytes: Uint8Array): string {
  if (bytes.length > 4096) return decoder.decode(bytes);
  let ascii = true;
  for (let k = 0; k < bytes.length && ascii; k++) ascii = bytes[k] < 0x80;
  return ascii ? String.fromCharCode.apply(null, bytes as unknown as number[]) : decoder.decode(bytes);
}

/** One record parsed alone (no other record of the collection is parsed or decoded). */
export function recordAt(records: StoredRecords, i: number): unknown {
  const o = offsets(records);
  const value = JSON.parse(recordText(byteRange(records.bytes, o[i], o[i + 1] - 1))) as unknown;
  return records.shapes ? asObject(records.shapes, value as unknown[]) : value;
}

/** Every record, decoded and parsed in one pass. */
export function allRecords(records: StoredRecords): unknown[] {
  const values = JSON.parse(decoder.decode(wholeBytes(records.bytes))) as unknown[];
  const shapes = records.shapes;
  if (shapes) for (let i = 0; i < values.length; i++) values[i] = asObject(shapes, values[i] as unknown[]);
  return values;
}

interface HeldCollection {
  records: StoredRecords;
  array: unknown[] | null;
  /** Records parsed one by one before the whole array was. */
  single: Map<number, unknown>;
  /** The array was replaced by a write: the stored records no longer hold it. */
  written: boolean;
}

const held = new WeakMap<Snapshot, Partial<Record<TextCollection, HeldCollection>>>();
// A patched fleet's snapshot copies the collections it did not change as property descriptors (fleet-patch.ts
// withChanged): the getter tells which stored collection such a property still reads.
const byGetter = new WeakMap<object, HeldCollection>();

export function lazySnapshot(
  records: Record<TextCollection, StoredRecords | null>,
  rest: string,
  assets: () => Snapshot['assets'],
): Snapshot {
  // the fields that are not collections (version, history) are parsed with the snapshot object itself
  const snapshot = JSON.parse(rest) as Snapshot;
  const own: Partial<Record<TextCollection, HeldCollection>> = {};
  held.set(snapshot, own);
  let assetArray: Snapshot['assets'] | null = null;
  for (const name of COLLECTION_NAMES) {
    if (name === 'assets') {
      Object.defineProperty(snapshot, name, {
        enumerable: true,
        configurable: true,
        get: () => (assetArray ??= assets()),
        set: (v: Snapshot['assets']) => {
          assetArray = v;
        },
      });
      continue;
    }
    const text = records[name];
    if (text === null) continue; // a collection the snapshot did not have (systemRoles: the default catalog applies)
    const h: HeldCollection = (own[name] = { records: text, array: null, single: new Map(), written: false });
    const get = () => (h.array ??= allRecords(h.records));
    byGetter.set(get, h);
    Object.defineProperty(snapshot, name, {
      enumerable: true,
      configurable: true,
      get,
      set: (v: unknown[]) => {
        h.array = v;
        h.written = true;
      },
    });
  }
  return snapshot;
}

/** One record and the count of a collection a patch laid over another snapshot's (core/engine/fleet-patch-records.ts). */
export interface RecordView {
  readonly count: number;
  at(i: number): unknown;
}
// by the collection's getter, as byGetter: a patched snapshot copies the getters of the collections it keeps
const views = new WeakMap<object, RecordView>();

/** snapshot[name] read through `get` answers one record and the count through `view` without building the array. */
export function defineRecordView(get: object, view: RecordView): void {
  views.set(get, view);
}

/**
 * snapshot[name][i], parsing only that record while a loaded snapshot's collection is still text (also through a
 * patched snapshot that kept or patched the collection).
 */
export function snapshotRecord<K extends TextCollection>(snapshot: Snapshot, name: K, i: number): RecordOf<K> {
  const get = Object.getOwnPropertyDescriptor(snapshot, name)?.get;
  const view = get ? views.get(get) : undefined;
  if (view) return view.at(i) as RecordOf<K>;
  const h = (get ? byGetter.get(get) : undefined) ?? held.get(snapshot)?.[name];
  if (h === undefined || h.array !== null) return (snapshot[name] as RecordOf<K>[])[i];
  let r = h.single.get(i);
  if (r === undefined && i >= 0 && i < recordCount(h.records)) h.single.set(i, (r = recordAt(h.records, i)));
  return r as RecordOf<K>;
}

/**
 * The stored records `snapshot[name]` still reads (a loaded snapshot, or a patched one that did not change that
 * collection), or null: writing the image again can keep them instead of parsing and encoding every record.
 */
export function storedRecordsOf(snapshot: Snapshot, name: TextCollection): StoredRecords | null {
  const get = Object.getOwnPropertyDescriptor(snapshot, name)?.get;
  const h = get ? byGetter.get(get) : undefined;
  return h && !h.written ? h.records : null;
}

/** snapshot[name].length, counted from the stored records while a loaded snapshot's collection is still text. */
export function collectionLength(snapshot: Snapshot, name: TextCollection): number {
  const get = Object.getOwnPropertyDescriptor(snapshot, name)?.get;
  const view = get ? views.get(get) : undefined;
  if (view) return view.count;
  const h = get ? byGetter.get(get) : undefined;
  return h && h.array === null ? recordCount(h.records) : (snapshot[name]?.length ?? 0);
}
