// Every blocker: the first is R3's deciding step (explainAsset keeps it), the rest is what still blocks once it is
// fixed, so an empty flip list at step 3 still says what a whole fix needs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFleet, explainAsset } from '../../core/engine';
import { everyBlocker } from '../../core/engine/blockers';
import { wordBlocker } from '../../core/wording/blockers';
import { snapshotArb } from './arbitraries';
import { asset, baseSnapshot, member, role, user } from './fixtures';

describe('every blocker', () => {
  it('starts with the step that decides, and is empty exactly when the asset is fully accessible', () => {
    fc.assert(
      fc.property(snapshotArb(), (s) => {
        const f = compileFleet(s);
        for (const [userId] of f.userIndex) {
          for (const assetId of new Set(f.assetIds)) {
            const d = explainAsset(f, userId, assetId);
            const blockers = everyBlocker(f, userId, assetId);
            if (d.effect === 'full') expect(blockers).toEqual([]);
            else expect(blockers[0]?.code).toBe(d.steps.find((st) => !st.ok)!.code);
            // Each blocker is named once.
            expect(new Set(blockers.map((b) => b.code)).size).toBe(blockers.length);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('out of scope with no project role: R3 stops at scope, the blockers say the missing role too', () => {
    // A Nordic technician, a Benelux asset in a project they have no role in.
    const f = compileFleet(
      baseSnapshot({
        users: [user('u-nordic', { organizationId: 'org-cc-nordic' })],
        memberships: [member('u-nordic', 'pr-main', 'prj-other')],
        assets: [asset('a-1', { projectId: 'prj-food', siteId: 'site-antwerp-2' })],
      }),
    );
    const d = explainAsset(f, 'u-nordic', 'a-1');
    expect(d.steps.at(-1)!.code).toBe('OUT_OF_SCOPE');
    expect(d.flips).toEqual([]);
    const blockers = everyBlocker(f, 'u-nordic', 'a-1');
    expect(blockers.map((b) => b.code)).toEqual(['OUT_OF_SCOPE', 'NO_PROJECT_ROLE']);
    expect(wordBlocker(f, blockers[1])).toBe('no project role in «Food & Beverage»');
    expect(wordBlocker(f, blockers[0])).toBe('site «Antwerp Plant 2» (organization «Brewery NV») is out of their scope');
  });

  it('a role without read and without a readable tag: both, in R3 order; a read-only asset names what keeps write away', () => {
    const f = compileFleet(
      baseSnapshot({
        projectRoles: [
          role('pr-main', { name: 'Service EU', assets: 'noRead', tags: { pumps: 'r' } }),
          role('pr-r', { name: 'Reader', assets: 'r', tags: { valves: 'r' } }),
        ],
        users: [user('u-tech'), user('u-reader')],
        memberships: [member('u-tech', 'pr-main'), member('u-reader', 'pr-r')],
        assets: [asset('a-1', { tags: ['valves'] })],
      }),
    );
    expect(everyBlocker(f, 'u-tech', 'a-1').map((b) => b.code)).toEqual(['ASSETS_NO_READ', 'NO_READABLE_TAG']);
    expect(explainAsset(f, 'u-reader', 'a-1').effect).toBe('read');
    expect(everyBlocker(f, 'u-reader', 'a-1').map((b) => b.code)).toEqual(['ASSETS_NO_WRITE', 'NO_WRITABLE_TAG']);
  });
});
