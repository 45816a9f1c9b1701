// Answers that name a few assets read those names one at a time from a fleet loaded from its image (issue 13): the
// whole id and name lists are built only when read, and at 1M building them costs ~130 ms and tens of MB each.
import { describe, expect, it } from 'vitest';
import { assetAudienceAnswer } from '../../core/answers/asset-audience';
import { compareChanges } from '../../core/answers/compare-access';
import { assetIdAt, assetNameAt, compileFleet, type Fleet } from '../../core/engine';
import { fleetFromImageBytes, fleetImageBytes } from '../../core/engine/fleet-image-bytes';
import { generateFleet } from '../../core/generate/fleet';
import { joined } from './image-bytes';

/** A fleet loaded from its image whose whole asset id and name lists throw when read. */
function loadedWithoutLists(compiled: Fleet): Fleet {
  const fleet = fleetFromImageBytes(joined(fleetImageBytes(compiled)));
  // one read each first: the one-at-a-time readers hold on to the columns behind the lists
  assetIdAt(fleet, 0);
  assetNameAt(fleet, 0);
  for (const key of ['assetIds', 'assetNames'] as const)
    Object.defineProperty(fleet, key, {
      get: () => {
        throw new Error(`the whole ${key} list was read`);
      },
    });
  return fleet;
}

describe('a fleet loaded from its image names a few assets without its whole lists', () => {
  const snapshot = generateFleet({ seed: 5, assets: 400 });
  const compiled = compileFleet(snapshot);

  it('who can see an asset names it as the compiled fleet does', () => {
    const fleet = loadedWithoutLists(compiled);
    for (const asset of snapshot.assets.slice(0, 20))
      expect(assetAudienceAnswer(fleet, asset.id)).toEqual(assetAudienceAnswer(compiled, asset.id));
  });

  it("compare's rows name their assets as the compiled fleet does", () => {
    const fleet = loadedWithoutLists(compiled);
    const [a, b] = snapshot.users.filter((u) => snapshot.memberships.some((m) => m.userId === u.id));
    const req = {
      userId: a.id,
      against: { kind: 'user' as const, userId: b.id },
      projectId: null,
      before: null,
      after: null,
      offset: 0,
      limit: 50,
    };
    const rows = compareChanges(fleet, req);
    expect(rows.rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(compareChanges(compiled, req));
  });
});
