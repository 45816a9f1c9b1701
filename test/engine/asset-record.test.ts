import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assetRecord, compileFleet } from '../../core/engine';
import { snapshotArb } from './arbitraries';

describe('asset records from the fleet columns', () => {
  it('rebuild every asset record exactly as the snapshot held it, repeated tags included', () => {
    fc.assert(
      fc.property(snapshotArb(), (s) => {
        const f = compileFleet(s);
        expect(s.assets.map((_, i) => assetRecord(f, i))).toEqual(s.assets);
      }),
      { numRuns: 150 },
    );
  });

  it('keep a repeated tag as given while the compiled tag list holds it once', () => {
    const s = compileFleet({
      version: 1,
      organizations: [],
      sites: [],
      users: [],
      projects: [],
      projectRoles: [],
      memberships: [],
      assets: [{ id: 'a1', name: 'Pump', projectId: 'p', siteId: 's', tags: ['x', 'y', 'x'] }],
      tickets: [],
    });
    expect(assetRecord(s, 0).tags).toEqual(['x', 'y', 'x']);
    expect(s.assetTagStart[1] - s.assetTagStart[0]).toBe(2);
  });
});
