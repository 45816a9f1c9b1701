// `explain` compiles only the slice of a snapshot that one (user, asset) pair reads (cli/explain-slice.ts): the
// decision, steps, flips, messages and diagnostics must be exactly those of explain on the whole snapshot — over
// random snapshots with the inconsistent data of SPEC §7, and with duplicate user and asset ids (first wins).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFleet } from '../../core/engine';
import type { Snapshot } from '../../core/model/snapshot';
import { explainSlice } from '../../cli/explain-slice';
import { snapshotArb } from '../engine/arbitraries';
import { explainAsset } from '../engine/worded';

const outcome = (s: Snapshot, userId: string, assetId: string) => {
  try {
    return { ok: explainAsset(compileFleet(s), userId, assetId) };
  } catch (e) {
    return { error: String(e) };
  }
};

/** Later records that reuse an earlier id with other fields: invisible to id lookups, so they must stay so. */
const withDuplicates = (s: Snapshot): Snapshot => ({
  ...s,
  users: s.users.length
    ? [...s.users, { ...s.users[0], status: s.users[0].status === 'active' ? 'disabled' : 'active', systemRoleId: 'globalAdmin' }]
    : s.users,
  assets: s.assets.length ? [...s.assets, { ...s.assets[0], siteId: 'site-elsewhere', tags: ['tag-D'] }] : s.assets,
});

describe('explain on the slice of one user and one asset', () => {
  it('gives exactly what explain on the whole snapshot gives, for every pair (unknown ids too)', () => {
    fc.assert(
      fc.property(snapshotArb({ maxUsers: 5, maxAssets: 6 }), fc.boolean(), (base, dup) => {
        const s = dup ? withDuplicates(base) : base;
        const userIds = [...new Set(s.users.map((u) => u.id)), 'u-nobody'];
        const assetIds = [...new Set(s.assets.map((a) => a.id)), 'a-nothing'];
        for (const u of userIds) for (const a of assetIds) expect(outcome(explainSlice(s, u, a), u, a)).toEqual(outcome(s, u, a));
      }),
      { numRuns: 300 },
    );
  });

  it("keeps only that user, their memberships and that asset's first record", () => {
    const s = withDuplicates(fc.sample(snapshotArb({ maxUsers: 4, maxAssets: 4 }), { numRuns: 1, seed: 7 })[0]);
    const slice = explainSlice(s, s.users[0].id, s.assets[0].id);
    expect(slice.users).toEqual([s.users[0]]);
    expect(slice.assets).toEqual([s.assets[0]]);
    expect(slice.tickets).toEqual([]);
    expect(slice.memberships.every((m) => m.userId === s.users[0].id)).toBe(true);
    expect(slice.projectRoles).toBe(s.projectRoles);
  });
});
