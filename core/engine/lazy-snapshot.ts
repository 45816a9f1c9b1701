// The snapshot of a fleet loaded from its stored image (core/engine/fleet-image.ts): each collection is parsed from
// its JSON text on first read of the whole array; the assets are rebuilt from the fleet's columns only when the whole
// array is asked for. The explain path reads single records through snapshotRecord, which parses only that record
// while its collection is still text (one user's first answer needs a handful of users, memberships and sites).
import { COLLECTION_NAMES, type CollectionName } from '../model/collections';
import type { Snapshot } from '../model/snapshot';

/** A collection as one JSON array text; record i is text.slice(starts[i], starts[i + 1] - 1). */
export interface RecordsText {
  text: string;
  starts: Int32Array;
}

export type TextCollection = Exclude<CollectionName, 'assets'>;
type RecordOf<K extends CollectionName> = NonNullable<Snapshot[K]>[number];

/** One record parsed alone (no other record of the collection is parsed). */
export function recordAt(records: RecordsText, i: number): unknown {
  return JSON.parse(records.text.slice(records.starts[i], records.starts[i + 1] - 1));
}

interface HeldCollection {
  records: RecordsText;
  array: unknown[] | null;
  /** Records parsed one by one before the whole array was. */
  single: Map<number, unknown>;
}

const held = new WeakMap<Snapshot, Partial<Record<TextCollection, HeldCollection>>>();

export function lazySnapshot(
  records: Record<TextCollection, RecordsText | null>,
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
    const h: HeldCollection = (own[name] = { records: text, array: null, single: new Map() });
    Object.defineProperty(snapshot, name, {
      enumerable: true,
      configurable: true,
      get: () => (h.array ??= JSON.parse(h.records.text) as unknown[]),
      set: (v: unknown[]) => {
        h.array = v;
      },
    });
  }
  return snapshot;
}

/** snapshot[name][i], parsing only that record while a loaded snapshot's collection is still text. */
export function snapshotRecord<K extends TextCollection>(snapshot: Snapshot, name: K, i: number): RecordOf<K> {
  const h = held.get(snapshot)?.[name];
  if (h === undefined || h.array !== null) return (snapshot[name] as RecordOf<K>[])[i];
  let r = h.single.get(i);
  if (r === undefined && i >= 0 && i < h.records.starts.length - 1) h.single.set(i, (r = recordAt(h.records, i)));
  return r as RecordOf<K>;
}
