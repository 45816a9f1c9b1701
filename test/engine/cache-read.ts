// What a cold read of the cache compiles (core/host/cached-source.ts readSegments): the assets' segments replayed
// into byte columns (core/cache/asset-columns-replay.ts), the fleet compiled from them.
import { AssetColumnsReplay } from '../../core/cache/asset-columns-replay';
import { toSegments } from '../../core/cache/db';
import { replaySegments } from '../../core/cache/segments';
import { compileFleetFromColumns } from '../../core/engine/compile-columns';
import type { Fleet } from '../../core/engine';
import type { Asset, Snapshot } from '../../core/model/snapshot';

/** `s` as the cache holds it (each asset id once, as the replay of its segments keeps it) and the fleet read from it. */
export function readFromCache(s: Snapshot): { snapshot: Snapshot; fleet: Fleet } {
  const segments = toSegments(s.assets);
  const snapshot = { ...s, assets: [...replaySegments('assets', segments).values()] as Asset[] };
  const replay = new AssetColumnsReplay();
  for (const segment of segments) replay.add(segment);
  const columns = replay.finish();
  if (!columns || !('bytes' in columns)) throw new Error('the replay gave no byte columns');
  const { assets: _assets, ...rest } = snapshot;
  return { snapshot, fleet: compileFleetFromColumns(rest, columns) };
}
