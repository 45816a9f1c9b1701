// The list views' fast paths (project index: a user's projects' assets; an asset's project members and the Global
// Admins) return exactly the non-hidden part of the full evaluation over every asset / every user, in snapshot order
// — also with duplicate user and asset ids (first wins), admins who are members, and memberships of duplicates.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFleet, visibleAssets, whoCanSee } from '../../core/engine';
import type { Snapshot } from '../../core/model/snapshot';
import { snapshotArb } from './arbitraries';

const withDuplicates = (s: Snapshot): Snapshot => ({
  ...s,
  users: s.users.length ? [...s.users, { ...s.users[0], status: 'active', systemRoleId: 'globalAdmin' }] : s.users,
  assets: s.assets.length ? [...s.assets.slice(1), { ...s.assets[0], tags: ['tag-D'] }, s.assets[0]] : s.assets,
  memberships: s.memberships.length
    ? [...s.memberships, { ...s.memberships[0], projectRoleId: s.projectRoles.at(-1)?.id ?? 'none' }]
    : s.memberships,
});

describe('list fast paths', () => {
  it('equal the full evaluation filtered to non-hidden, with duplicates and admins', () => {
    fc.assert(
      fc.property(snapshotArb({ maxUsers: 6, maxAssets: 8 }), fc.boolean(), (base, dup) => {
        const s = dup ? withDuplicates(base) : base;
        const f = compileFleet(s);
        for (const id of new Set(s.users.map((u) => u.id)))
          expect(visibleAssets(f, id).assets).toEqual(visibleAssets(f, id, { all: true }).assets.filter((x) => x.effect !== 'hidden'));
        for (const id of new Set(s.assets.map((a) => a.id)))
          expect(whoCanSee(f, id).users).toEqual(whoCanSee(f, id, { all: true }).users.filter((x) => x.effect !== 'hidden'));
      }),
      { numRuns: 400 },
    );
  });
});
