// Compiling a fleet whose assets come as columns, not records: what a cold read of the cache's segments builds
// (core/cache/asset-columns-replay.ts). At 1M assets the records alone held ~280 MB of objects beside the compiled
// fleet and the other collections while the first image was built; columns of the same strings hold a third of it.
// The fleet's `snapshot.assets` is then rebuilt from the fleet's own columns when something asks for the whole
// array, as a fleet loaded from its image does (fleet-image.ts).
import type { Snapshot } from '../model/snapshot';
import { assetRecords, compileFleetWith, type AssetRows, type Fleet } from './fleet';
import { defineLazy } from './lazy-value';

/** The assets in snapshot order, a field per array (row i of each is asset i). */
export interface AssetColumns {
  ids: readonly string[];
  names: readonly string[];
  siteIds: readonly string[];
  projectIds: readonly string[];
  /** Asset i's tags, as it lists them: tagList[tagStart[i]] onwards, tagCount[i] of them. */
  tagStart: ArrayLike<number>;
  tagCount: ArrayLike<number>;
  tagList: readonly string[];
  /** id → row of its first asset, when the reader built it already (a replay by id has no repeated ids). */
  index?: Map<string, number>;
}

/** The fleet compileFleet makes of `snapshot` with these assets; `snapshot.assets` is not read. */
export function compileFleetFromColumns(snapshot: Omit<Snapshot, 'assets'>, assets: AssetColumns): Fleet {
  const rows: AssetRows = {
    length: assets.ids.length,
    id: (i) => assets.ids[i],
    name: (i) => assets.names[i],
    siteId: (i) => assets.siteIds[i],
    projectId: (i) => assets.projectIds[i],
    tagCount: (i) => assets.tagCount[i],
    tag: (i, k) => assets.tagList[assets.tagStart[i] + k],
    ...(assets.index ? { index: assets.index } : {}),
  };
  const lazy = { ...snapshot } as Snapshot;
  let fleet: Fleet | null = null;
  defineLazy(lazy, 'assets', () => assetRecords(fleet!));
  fleet = compileFleetWith(lazy, rows);
  return fleet;
}
