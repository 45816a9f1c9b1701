import { describe, expect, it } from 'vitest';
import { applyFlip, assetEffect, compileFleet } from '../../core/engine';
import { explainAsset } from './worded';
import type { Snapshot } from '../../core/model/snapshot';
import { asset, baseSnapshot, member, role, user, type RoleSpec } from './fixtures';

const flipsOf = (s: Snapshot, userId = 'u-tech', assetId = 'a-1') => explainAsset(compileFleet(s), userId, assetId).flips;
const withRole = (spec: RoleSpec, assetTags: string[] = []) =>
  baseSnapshot({ projectRoles: [role('pr-main', { name: 'Service EU', ...spec })], assets: [asset('a-1', { tags: assetTags })] });
/** Re-evaluate a flip independently: apply it to a copy of the snapshot, compile, and take the fast path. */
const effectAfter = (s: Snapshot, flip: Parameters<typeof applyFlip>[1], userId = 'u-tech', assetId = 'a-1') => {
  const f = compileFleet(applyFlip(s, flip));
  return assetEffect(f, f.userIndex.get(userId)!, f.assetIndex.get(assetId)!).effect;
};

describe('flips', () => {
  it('ACTIVATE_USER for a disabled user who would otherwise see the asset', () => {
    const s = baseSnapshot({ users: [user('u-tech', { status: 'disabled' })] });
    const flips = flipsOf(s);
    expect(flips).toMatchObject([{ code: 'ACTIVATE_USER', userId: 'u-tech', effect: 'read' }]);
    expect(flips[0].message).toBe('Activate «Person u-tech»: that gives «Person u-tech» read access to this asset.');
    expect(effectAfter(s, flips[0])).toBe('read');
  });

  it('no flip when activating alone would not raise the effect (only single edits count)', () => {
    const s = baseSnapshot({ users: [user('u-tech', { status: 'disabled' })], memberships: [] });
    expect(flipsOf(s)).toEqual([]);
  });

  it("WIDEN_SCOPE adds the asset's site to scope.siteIds when a scope list is what hides it", () => {
    const s = baseSnapshot({ users: [user('u-tech', { scope: { organizationIds: ['org-dairy'] } })] });
    const flips = flipsOf(s);
    expect(flips).toMatchObject([{ code: 'WIDEN_SCOPE', siteId: 'site-antwerp-2', effect: 'read' }]);
    expect(flips[0].message).toBe(
      "Add site «Antwerp Plant 2» to «Person u-tech»'s scope: that gives «Person u-tech» read access to this asset.",
    );
    expect(applyFlip(s, flips[0]).users[0].scope).toEqual({ organizationIds: ['org-dairy'], siteIds: ['site-antwerp-2'] });
    expect(effectAfter(s, flips[0])).toBe('read');
  });

  it("never suggests a scope change when the asset lies outside the user's organization", () => {
    const s = baseSnapshot({ users: [user('u-tech', { scope: { siteIds: [] } })], assets: [asset('a-1', { siteId: 'site-oslo' })] });
    expect(flipsOf(s)).toEqual([]);
  });

  it('ADD_PROJECT_ROLE: one flip per existing project role that would raise the effect', () => {
    const s = baseSnapshot({
      projectRoles: [
        role('pr-main', { name: 'Service EU', assets: 'rw' }),
        role('pr-blind', { name: 'Blind', assets: 'switchOff' }),
        role('pr-tags', { name: 'Tagged', tags: { x: 'r' } }),
      ],
      memberships: [member('u-tech', 'pr-main', 'prj-other')],
    });
    const flips = flipsOf(s);
    expect(flips.map((f) => [f.code, f.projectRoleId, f.effect])).toEqual([['ADD_PROJECT_ROLE', 'pr-main', 'full']]);
    expect(flips[0]).toMatchObject({ projectId: 'prj-food', userId: 'u-tech' });
    expect(flips[0].message).toBe(
      'Give «Person u-tech» project role «Service EU» in project «Food & Beverage»: that gives «Person u-tech» full access to this asset.',
    );
    expect(effectAfter(s, flips[0])).toBe('full');
  });

  it('GRANT_ASSETS_READ turns on the switch and the read, whichever is off, in one edit', () => {
    const s = withRole({ assets: 'switchOff' });
    const flips = flipsOf(s);
    expect(flips).toMatchObject([{ code: 'GRANT_ASSETS_READ', projectRoleId: 'pr-main', toggles: ['assets.enabled'], effect: 'read' }]);
    const noRead = flipsOf(withRole({ assets: 'noRead' }));
    expect(noRead).toMatchObject([{ code: 'GRANT_ASSETS_READ', toggles: ['assets.assets.read'] }]);
  });

  it('a flip mixing toggles takes the code of the step it repairs first', () => {
    const s = withRole({ assets: 'switchOff', tags: { a: 'off', b: 'off' } }, ['a', 'b']);
    const flips = flipsOf(s);
    expect(flips.map((f) => [f.code, f.tag, f.toggles])).toEqual([
      ['GRANT_ASSETS_READ', 'a', ['assets.enabled', 'tags[a].read']],
      ['GRANT_ASSETS_READ', 'b', ['assets.enabled', 'tags[b].read']],
    ]);
    for (const f of flips) expect(effectAfter(s, f)).toBe('read');
  });

  it('GRANT_TAG_READ: one per tag of the asset', () => {
    const s = withRole({ assets: 'rw', tags: { a: 'off', z: 'rw' } }, ['a', 'b', 'c']);
    const flips = flipsOf(s);
    expect(flips.map((f) => [f.code, f.tag, f.effect])).toEqual([
      ['GRANT_TAG_READ', 'a', 'read'],
      ['GRANT_TAG_READ', 'b', 'read'],
      ['GRANT_TAG_READ', 'c', 'read'],
    ]);
    expect(flips[1].message).toBe('In role «Service EU», grant read on tag «b»: that gives «Person u-tech» read access to this asset.');
    for (const f of flips) expect(effectAfter(s, f)).toBe('read');
  });

  it('ENABLE_FULL_ACCESS_UNTAGGED for an untagged asset of a tag-restricted role', () => {
    const s = withRole({ assets: 'rw', tags: { a: 'rw' } });
    const flips = flipsOf(s);
    expect(flips).toMatchObject([{ code: 'ENABLE_FULL_ACCESS_UNTAGGED', effect: 'full', toggles: ['fullAccessUntagged'] }]);
    expect(effectAfter(s, flips[0])).toBe('full');
  });

  it('GRANT_ASSETS_WRITE and GRANT_TAG_WRITE raise read to full', () => {
    const s = withRole({ assets: 'r', tags: { a: 'r' } }, ['a', 'b']);
    const flips = flipsOf(s);
    expect(flips.map((f) => [f.code, f.tag, f.toggles])).toEqual([
      ['GRANT_ASSETS_WRITE', 'a', ['assets.assets.write', 'tags[a].write']],
      ['GRANT_ASSETS_WRITE', 'b', ['assets.assets.write', 'tags[b].read', 'tags[b].write']],
    ]);
    for (const f of flips) expect(effectAfter(s, f)).toBe('full');
    const tagOnly = flipsOf(withRole({ assets: 'rw', tags: { a: 'r' } }, ['a']));
    expect(tagOnly).toMatchObject([{ code: 'GRANT_TAG_WRITE', tag: 'a', toggles: ['tags[a].write'], effect: 'full' }]);
    expect(tagOnly[0].message).toBe('In role «Service EU», grant write on tag «a»: that gives «Person u-tech» full access to this asset.');
  });

  it("lists only minimal flips: none whose toggles include another's", () => {
    // hidden because no tag is readable; granting read+write on a tag would also raise, but includes "read on the tag"
    const flips = flipsOf(withRole({ assets: 'rw', tags: { a: 'off' } }, ['a']));
    expect(flips.map((f) => f.toggles)).toEqual([['tags[a].read']]);
  });

  it('no flips for full access, and never a change to a system role, organization or the asset', () => {
    expect(flipsOf(withRole({ assets: 'rw' }))).toEqual([]);
    const all = [
      ...flipsOf(baseSnapshot({ assets: [asset('a-1', { siteId: 'site-oslo' })] })),
      ...flipsOf(withRole({ assets: 'noRead', tags: { a: 'off' } }, ['a'])),
    ];
    for (const f of all) expect(['user', 'userScope', 'membership', 'projectRole']).toContain(f.edit.object);
  });

  it('applyFlip leaves the original snapshot untouched and normalises write to read', () => {
    const s = withRole({ assets: 'noRead', tags: { a: 'off' } }, ['a']);
    const before = JSON.stringify(s);
    const edited = applyFlip(s, {
      edit: {
        object: 'projectRole',
        projectRoleId: 'pr-main',
        assetsEnabled: false,
        assetsRead: false,
        assetsWrite: true,
        fullAccessUntagged: false,
        tagRead: [],
        tagWrite: ['a'],
      },
    });
    expect(JSON.stringify(s)).toBe(before);
    expect(edited.projectRoles[0].features.assets.functions.assets).toEqual({ read: true, write: true });
    expect(edited.projectRoles[0].tags).toEqual([{ tag: 'a', read: true, write: true }]);
  });
});
