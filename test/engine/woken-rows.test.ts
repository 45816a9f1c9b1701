import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileFleet, type Fleet } from '../../core/engine';
import { assetRow } from '../../core/answers/asset-row';
import { fleetFromImage, fleetToImage } from '../../core/engine/fleet-image';
import { packStarts } from '../../core/engine/packed-ints';
import { assetTagStartAt, defineTagStarts } from '../../core/engine/tag-starts';
import { generateFleet } from '../../core/generate/fleet';
import { createDirectSource } from '../../core/source/direct-source';
import { viaBytes } from './image-bytes';

/** Counts reads of the fleet's whole `assetTagStart` array, and of its site ids. */
function countWholeReads(fleet: Fleet, key: 'assetTagStart' | 'siteKeyIds' = 'assetTagStart'): () => number {
  const d = Object.getOwnPropertyDescriptor(fleet, key)!;
  let reads = 0;
  Object.defineProperty(fleet, key, { ...d, get: () => (reads++, d.get!()) });
  return () => reads;
}

describe('a woken (loaded) fleet answers a page of asset rows one asset at a time', () => {
  it('equal the offsets summed whole at every row, read in any order, before and after the whole array is built', () => {
    // lengths of every stored width: all equal (nothing stored), a byte, 16 bits, 32 bits
    const lengths = fc.oneof(
      fc.tuple(fc.nat(300), fc.nat(5)).map(([n, len]) => Array.from({ length: n }, () => len)),
      fc.array(fc.nat(40), { maxLength: 400 }),
      fc.array(fc.oneof(fc.nat(3), fc.integer({ min: 256, max: 70_000 })), { maxLength: 200 }),
    );
    fc.assert(
      fc.property(lengths, fc.nat(50), fc.array(fc.nat(), { maxLength: 30 }), (lens, first, probes) => {
        const starts = new Int32Array(lens.length + 1);
        starts[0] = first;
        lens.forEach((len, i) => (starts[i + 1] = starts[i] + len));
        const fleet = {} as Fleet;
        defineTagStarts(fleet, packStarts(starts));
        for (const p of probes) expect(assetTagStartAt(fleet, p % starts.length)).toBe(starts[p % starts.length]);
        expect(Array.from(fleet.assetTagStart)).toEqual(Array.from(starts));
        for (const p of probes) expect(assetTagStartAt(fleet, p % starts.length)).toBe(starts[p % starts.length]);
        // a write replaces the array, and one asset's offset is then the new array's
        fleet.assetTagStart = new Int32Array(starts.length).fill(7);
        expect(assetTagStartAt(fleet, 0)).toBe(7);
      }),
    );
  });

  it('a page of asset rows, even at the end of the list, never sums every asset’s tag offsets nor splits every site id, and its rows are the compiled fleet’s', () => {
    const s = generateFleet({ assets: 3000, seed: 11 });
    const compiled = compileFleet(s);
    const loaded = fleetFromImage(viaBytes(fleetToImage(compiled)));
    const wholeReads = countWholeReads(loaded);
    const siteIdReads = countWholeReads(loaded, 'siteKeyIds');
    // a user holding a role with tag rules in some project: rows decided by the asset's tags
    const tagRoles = new Set(s.projectRoles.filter((r) => r.tags.length > 0).map((r) => r.id));
    const user = s.users.find(
      (x) => x.status === 'active' && s.memberships.some((m) => m.userId === x.id && tagRoles.has(m.projectRoleId)),
    )!;
    const u = loaded.userIndex.get(user.id)!;
    const indexes = [...Array.from({ length: 50 }, (_, i) => i), 2997, 2998, 2999];
    const rows = indexes.map((a) => assetRow(loaded, u, a));
    expect(wholeReads()).toBe(0);
    expect(siteIdReads()).toBe(0);
    expect(rows).toEqual(indexes.map((a) => assetRow(compiled, u, a)));
    const tagCodes = ['TAG_WRITE', 'NO_WRITABLE_TAG', 'NO_READABLE_TAG', 'UNTAGGED_NO_ACCESS', 'UNTAGGED_FULL_ACCESS'];
    expect(rows.some((r) => tagCodes.includes(r.firstReason?.code ?? ''))).toBe(true);
  });

  it('the source answers the whole list’s pages of a woken fleet without evaluating every asset, and its filters as before', async () => {
    const s = generateFleet({ assets: 3000, seed: 12 });
    const compiled = createDirectSource({ snapshot: s });
    const loaded = fleetFromImage(viaBytes(fleetToImage(compileFleet(s))));
    const wholeReads = countWholeReads(loaded);
    const source = createDirectSource({ fleet: loaded });
    const tagRoles = new Set(s.projectRoles.filter((r) => r.tags.length > 0).map((r) => r.id));
    const userId = s.users.find(
      (x) => x.status === 'active' && s.memberships.some((m) => m.userId === x.id && tagRoles.has(m.projectRoleId)),
    )!.id;
    for (const offset of [0, 2950]) {
      const req = { userId, query: '', effect: 'all' as const, offset, limit: 50 };
      expect(await source.assetPage(req)).toEqual(await compiled.assetPage(req));
    }
    // (every asset's effect is what a filter needs: it sums the offsets whole)
    expect(wholeReads()).toBe(0);
    const hidden = { userId, query: '', effect: 'hidden' as const, offset: 0, limit: 50 };
    expect(await source.assetPage(hidden)).toEqual(await compiled.assetPage(hidden));
    expect(wholeReads()).toBeGreaterThan(0);
  });
});
