// Who can see one asset: every user counted once, in the group of their effect and deciding step, which matches
// what explaining the asset for that user says; groups are about roles, tags and scope, never one user's data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFleet, explainAsset } from '../../core/engine';
import { assetAudience } from '../../core/engine/who-can-see';
import { wordAudienceReason } from '../../core/wording/who-can-see';
import { fixtureSnapshot } from '../components/fixture';
import { snapshotArb } from './arbitraries';

describe('who can see an asset', () => {
  it('puts every user in exactly one group, whose effect and deciding step are what explaining the asset for them says', () => {
    fc.assert(
      fc.property(snapshotArb(), (s) => {
        const f = compileFleet(s);
        for (const a of s.assets) {
          if (f.assetIndex.get(a.id) !== s.assets.indexOf(a)) continue; // duplicate ids: the first record answers
          const audience = assetAudience(f, a.id);
          const seen = audience.groups.flatMap((g) => g.userIds);
          expect(seen).toHaveLength(s.users.length);
          expect(audience.counts.full + audience.counts.read + audience.counts.hidden).toBe(s.users.length);
          for (const g of audience.groups) {
            for (const userId of g.userIds) {
              const d = explainAsset(f, userId, a.id);
              const deciding = d.steps.find((st) => !st.ok) ?? d.steps[d.steps.length - 1];
              if (f.userIndex.get(userId) !== s.users.findIndex((u) => u.id === userId)) continue;
              expect(d.effect).toBe(g.effect);
              expect(deciding.code).toBe(g.reason.code);
              expect(deciding.projectRoleId).toBe(g.reason.projectRoleId);
            }
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('groups users by role and scope, full first, and words each group without naming a user', () => {
    const f = compileFleet(fixtureSnapshot());
    const audience = assetAudience(f, 'a-pump');
    expect(audience.groups.map((g) => g.effect)).toEqual(
      audience.groups.map((g) => g.effect).sort((x, y) => ['full', 'read', 'hidden'].indexOf(x) - ['full', 'read', 'hidden'].indexOf(y)),
    );
    const admin = audience.groups.find((g) => g.userIds.includes('u-admin'))!;
    expect(admin.effect).toBe('full');
    expect(wordAudienceReason(f, admin.reason)).toMatch(/^System role «.+»: full access to every asset\.$/);
    const pending = audience.groups.find((g) => g.userIds.includes('u-new'))!;
    expect(wordAudienceReason(f, pending.reason)).toBe('Not active (pending verification): they see nothing.');
    for (const g of audience.groups) {
      const words = wordAudienceReason(f, g.reason);
      for (const id of g.userIds) expect(words).not.toContain(f.snapshot.users[f.userIndex.get(id)!].name);
    }
  });
});
