// Compiling a fleet whose assets come as columns, not records: what a cold read of the cache's segments builds
// (core/cache/asset-columns-replay.ts). At 1M assets the records held ~280 MB of objects beside the compiled fleet
// and the other collections while the first image was built (Node, live after the compile: 438 MB; now 305 MB).
// The fleet's `snapshot.assets` is then rebuilt from the fleet's own columns when something asks for the whole
// array, as a fleet loaded from its image does (fleet-image.ts).
import type { Snapshot } from '../model/snapshot';
import { assetRecords, compileFleetWith, type AssetColumns, type Fleet } from './fleet';
import { defineLazy } from './lazy-value';

export type { AssetColumns };

/** The fleet compileFleet makes of `snapshot` with these assets; `snapshot.assets` is not read. */
export function compileFleetFromColumns(snapshot: Omit<Snapshot, 'assets'>, assets: AssetColumns): Fleet {
  const lazy = { ...snapshot } as Snapshot;
  let fleet: Fleet | null = null;
  defineLazy(lazy, 'assets', () => assetRecords(fleet!));
  fleet = compileFleetWith(lazy, assets);
  return fleet;
}
