// A fleet compiled with its assets as columns (what a cold read of the cache's segments builds) is the fleet
// compileFleet makes of the same snapshot: every answer, every part, and the stored image byte for byte.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileFleet } from '../../core/engine';
import { compileFleetFromColumns, type AssetColumns } from '../../core/engine/compile-columns';
import { fleetToImage } from '../../core/engine/fleet-image';
import { encodeFleetImage, fleetFromImageBytes, fleetImageBytes, type LaterBytesReader } from '../../core/engine/fleet-image-bytes';
import { withBytes } from '../../core/engine/part-bytes';
import type { Asset, Snapshot } from '../../core/model/snapshot';
import { snapshotArb } from './arbitraries';
import { everyAnswer } from './every-answer';
import { joined } from './image-bytes';
import { asset, baseSnapshot } from './fixtures';
import { readFromCache } from './cache-read';
import { unchangedAssetColumns } from '../../core/engine/asset-columns';
import type { IdHash } from '../../core/engine/id-hash';

/** The assets as columns with their tags in one list, as a reader would hand them over (no index: the compiler
 * builds it, duplicates and all). */
function columnsOf(assets: readonly Asset[]): AssetColumns {
  const start: number[] = [];
  const list: string[] = [];
  for (const a of assets) {
    start.push(list.length);
    list.push(...a.tags);
  }
  return {
    ids: assets.map((a) => a.id),
    names: assets.map((a) => a.name),
    siteIds: assets.map((a) => a.siteId),
    projectIds: assets.map((a) => a.projectId),
    tags: { list, start, count: assets.map((a) => a.tags.length) },
  };
}

const fromColumns = ({ assets, ...rest }: Snapshot) => compileFleetFromColumns(rest, columnsOf(assets));
const imageBytes = (s: Snapshot, compile: (s: Snapshot) => ReturnType<typeof compileFleet>) =>
  new Uint8Array(joined(encodeFleetImage(fleetToImage(compile(s)))));

describe('a fleet compiled from asset columns', () => {
  it('answers every question as the fleet compiled from the records does, and gives their records back', () => {
    fc.assert(
      fc.property(snapshotArb(), (s) => {
        const columns = fromColumns(s);
        expect(everyAnswer(columns, s)).toEqual(everyAnswer(compileFleet(s), s));
        expect(columns.snapshot.assets).toEqual(s.assets);
      }),
      { numRuns: 60 },
    );
  });

  it('stores the same image, byte for byte (repeated ids, repeated tags and unknown sites included)', () => {
    fc.assert(
      fc.property(snapshotArb({ maxAssets: 8 }), (s) => {
        const twice = {
          ...s,
          assets: [...s.assets, ...s.assets.slice(0, 2).map((a) => ({ ...a, name: `${a.name} again`, tags: [...a.tags, ...a.tags] }))],
        };
        expect(imageBytes(twice, fromColumns)).toEqual(imageBytes(twice, compileFleet));
      }),
      { numRuns: 60 },
    );
  });

  it('read from the cache (ids and names as byte columns) answers, gives back its records and stores its image as compileFleet', () => {
    fc.assert(
      fc.property(snapshotArb({ maxAssets: 12 }), (s) => {
        const { snapshot, fleet } = readFromCache(s);
        expect(everyAnswer(fleet, snapshot)).toEqual(everyAnswer(compileFleet(snapshot), snapshot));
        expect(fleet.snapshot.assets).toEqual(snapshot.assets);
        expect(imageBytes(snapshot, (x) => readFromCache(x).fleet)).toEqual(imageBytes(snapshot, compileFleet));
      }),
      { numRuns: 60 },
    );
  });

  it("read from the cache, stores the replay's own id and name columns and id table in its image (nothing joined again)", () => {
    const { fleet } = readFromCache(baseSnapshot({ assets: [asset('a1'), asset('a2', { name: 'Pump · 2' })] }));
    const image = fleetToImage(fleet);
    expect(image.assetIds).toBe(unchangedAssetColumns(fleet)!.ids);
    expect(image.assetNames).toBe(unchangedAssetColumns(fleet)!.names);
    expect(image.assetHash).toBe((fleet.assetIndex as IdHash).table);
    expect(Object.getOwnPropertyDescriptor(fleet, 'assetNames')!.get).toBeTypeOf('function');
    expect(fleet.assetNames).toEqual(['Machine a1', 'Pump · 2']);
  });

  it("leaves a loaded fleet's columns, whose bytes the stored image gives when asked, to the image's usual build", async () => {
    const { fleet } = readFromCache(baseSnapshot({ assets: [asset('a1'), asset('a2')] }));
    const encoded = fleetImageBytes(fleet);
    const all = joined(encoded);
    // the head read, the rest read from the stored bytes when asked (as a worker loads a large image)
    const later: LaterBytesReader = { size: all.byteLength, read: async (from, to) => all.slice(from, to), wholeBelow: 0 };
    const loaded = fleetFromImageBytes(all.slice(0, encoded.headLength), later);
    expect(unchangedAssetColumns(fleet)).not.toBeNull();
    expect(unchangedAssetColumns(loaded)).toBeNull();
    const again = await withBytes(() => fleetImageBytes(loaded), true);
    expect(new Uint8Array(joined(again))).toEqual(new Uint8Array(all));
  });

  it('does not build the asset records while compiling', () => {
    const s = baseSnapshot({ assets: [asset('a1', { siteId: 'site-gone', tags: ['north'] })] });
    const fleet = fromColumns(s);
    const assets = Object.getOwnPropertyDescriptor(fleet.snapshot, 'assets')!;
    expect(assets.get).toBeTypeOf('function');
    expect(fleet.assetIds).toEqual(['a1']);
    expect(fleet.snapshot.assets).toEqual(s.assets);
  });
});
