// The snapshot of a fleet loaded from its stored image (core/engine/fleet-image.ts): each collection is parsed from
// its JSON text on first read, the assets are rebuilt from the fleet's columns only when the whole array is asked for.
import { COLLECTION_NAMES, type CollectionName } from '../model/collections';
import type { Snapshot } from '../model/snapshot';
import { defineLazy } from './lazy-value';

/** A collection as one JSON array text; record i is text.slice(starts[i], starts[i + 1] - 1). */
export interface RecordsText {
  text: string;
  starts: Int32Array;
}

/** One record parsed alone (no other record of the collection is parsed). */
export function recordAt(records: RecordsText, i: number): unknown {
  return JSON.parse(records.text.slice(records.starts[i], records.starts[i + 1] - 1));
}

export function lazySnapshot(
  records: Record<Exclude<CollectionName, 'assets'>, RecordsText | null>,
  rest: string,
  assets: () => Snapshot['assets'],
): Snapshot {
  // the fields that are not collections (version, history) are parsed with the snapshot object itself
  const snapshot = JSON.parse(rest) as Snapshot;
  for (const name of COLLECTION_NAMES) {
    if (name === 'assets') {
      defineLazy(snapshot, 'assets', assets);
      continue;
    }
    const text = records[name];
    if (text === null) continue; // a collection the snapshot did not have (systemRoles: the default catalog applies)
    defineLazy(snapshot, name, () => JSON.parse(text.text) as never);
  }
  return snapshot;
}
