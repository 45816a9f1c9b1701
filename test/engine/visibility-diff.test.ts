import { describe, expect, it } from 'vitest';
import { compileFleet, diffAccess, normaliseDraftRole, visibleAssets, whoCanSee } from '../../core/engine';
import { asset, baseSnapshot, member, role, user } from './fixtures';

const s = baseSnapshot({
  users: [
    user('u-tech'),
    user('u-admin', { systemRoleId: 'globalAdmin', organizationId: 'org-global' }),
    user('u-off', { status: 'disabled' }),
    user('u-nordic', { organizationId: 'org-cc-nordic' }),
  ],
  projectRoles: [
    role('pr-main', { name: 'Service EU', assets: 'r', tags: { a: 'r' }, fullAccessUntagged: true }),
    role('pr-wide', { assets: 'rw' }),
  ],
  memberships: [member('u-tech', 'pr-main'), member('u-off', 'pr-wide'), member('u-nordic', 'pr-wide')],
  assets: [
    asset('a-1', { tags: ['a'] }),
    asset('a-2', { tags: ['b'] }),
    asset('a-3'),
    asset('a-4', { siteId: 'site-oslo' }),
    asset('a-1', { name: 'duplicate' }),
  ],
});
const f = compileFleet(s);

describe('visibleAssets', () => {
  it('lists non-hidden assets in snapshot order with their step codes', () => {
    expect(visibleAssets(f, 'u-tech')).toEqual({
      userId: 'u-tech',
      assets: [
        {
          assetId: 'a-1',
          effect: 'read',
          codes: ['USER_ACTIVE', 'IN_SCOPE', 'PROJECT_ROLE', 'ASSETS_READ', 'TAG_READ', 'ASSETS_NO_WRITE'],
        },
        {
          assetId: 'a-3',
          effect: 'read',
          codes: ['USER_ACTIVE', 'IN_SCOPE', 'PROJECT_ROLE', 'ASSETS_READ', 'UNTAGGED_FULL_ACCESS', 'ASSETS_NO_WRITE'],
        },
      ],
    });
  });

  it('with all, lists every asset once (a duplicate id is skipped), hidden ones too', () => {
    const all = visibleAssets(f, 'u-tech', { all: true }).assets;
    expect(all.map((a) => [a.assetId, a.effect])).toEqual([
      ['a-1', 'read'],
      ['a-2', 'hidden'],
      ['a-3', 'read'],
      ['a-4', 'hidden'],
    ]);
    expect(all[3].codes).toEqual(['USER_ACTIVE', 'OUT_OF_SCOPE']);
  });
});

describe('whoCanSee', () => {
  it('lists users whose effect is not hidden, in snapshot order', () => {
    expect(whoCanSee(f, 'a-1')).toEqual({
      assetId: 'a-1',
      users: [
        { userId: 'u-tech', effect: 'read', code: 'ASSETS_NO_WRITE' },
        { userId: 'u-admin', effect: 'full', code: 'SYSTEM_FULL_ACCESS' },
      ],
    });
  });

  it('lists non-active and hidden users only with all', () => {
    const all = whoCanSee(f, 'a-4', { all: true }).users;
    expect(all.map((u) => [u.userId, u.effect, u.code])).toEqual([
      ['u-tech', 'hidden', 'OUT_OF_SCOPE'],
      ['u-admin', 'full', 'SYSTEM_FULL_ACCESS'],
      ['u-off', 'hidden', 'USER_NOT_ACTIVE'],
      ['u-nordic', 'full', 'ASSETS_WRITE'],
    ]);
  });
});

describe('diffAccess (what-if)', () => {
  it('--as-role without a project replaces the role in each project where the user has one', () => {
    const d = diffAccess(f, 'u-tech', { asProjectRoleId: 'pr-wide' });
    expect(d.changes).toEqual([
      { assetId: 'a-1', before: 'read', after: 'full' },
      { assetId: 'a-2', before: 'hidden', after: 'full' },
      { assetId: 'a-3', before: 'read', after: 'full' },
    ]);
    expect(d.functions).toEqual([{ projectId: 'prj-food', id: 'assets.assets', before: 'read', after: 'write' }]);
  });

  it('--as-role with a project gives the user the role in that project', () => {
    // the Nordic user's scope holds only a-4 (untagged): pr-main reaches it through untagged full access, read only
    const d = diffAccess(f, 'u-nordic', { asProjectRoleId: 'pr-main', projectId: 'prj-food' });
    expect(d.changes).toEqual([{ assetId: 'a-4', before: 'full', after: 'read' }]);
    const g = diffAccess(f, 'u-tech', { asProjectRoleId: 'pr-wide', projectId: 'prj-other' });
    expect(g.changes).toEqual([]);
    expect(g.functions).toEqual([{ projectId: 'prj-other', id: 'assets.assets', before: 'none', after: 'write' }]);
  });

  it("--as-user compares with another user's access; functions cover projects where either has a role", () => {
    const d = diffAccess(f, 'u-tech', { asUserId: 'u-admin' });
    expect(d.changes).toEqual([
      { assetId: 'a-1', before: 'read', after: 'full' },
      { assetId: 'a-2', before: 'hidden', after: 'full' },
      { assetId: 'a-3', before: 'read', after: 'full' },
      { assetId: 'a-4', before: 'hidden', after: 'full' },
    ]);
    expect(new Set(d.functions.map((x) => x.projectId))).toEqual(new Set(['prj-food']));
    expect(d.functions.every((x) => x.after === 'write')).toBe(true);
  });

  it('a draft role is normalised (write turns read on) and compared like a stored one', () => {
    const draft = normaliseDraftRole(role('pr-main', { assets: 'noRead' }), {
      kind: 'function',
      functionId: 'assets.assets',
      access: 'write',
      value: true,
    });
    expect(draft.features.assets.functions.assets).toEqual({ read: true, write: true });
    const d = diffAccess(f, 'u-tech', { asDraftRole: draft });
    expect(d.changes.map((c) => [c.assetId, c.after])).toEqual([
      ['a-1', 'full'],
      ['a-2', 'full'],
      ['a-3', 'full'],
    ]);
  });
});

describe('normaliseDraftRole (R2)', () => {
  const base = role('pr-x', { assets: 'rw', tags: { a: 'rw' } });
  it('turning read off turns write off', () => {
    const r = normaliseDraftRole(base, { kind: 'function', functionId: 'assets.assets', access: 'read', value: false });
    expect(r.features.assets.functions.assets).toEqual({ read: false, write: false });
    const t = normaliseDraftRole(base, { kind: 'tag', tag: 'a', access: 'read', value: false });
    expect(t.tags).toEqual([{ tag: 'a', read: false, write: false }]);
  });
  it('turning write on turns read on, also for a new tag, and leaves the input untouched', () => {
    const t = normaliseDraftRole(base, { kind: 'tag', tag: 'new', access: 'write', value: true });
    expect(t.tags).toEqual([
      { tag: 'a', read: true, write: true },
      { tag: 'new', read: true, write: true },
    ]);
    expect(base.tags).toEqual([{ tag: 'a', read: true, write: true }]);
  });
  it('rejects a function the catalog does not have', () => {
    expect(() => normaliseDraftRole(base, { kind: 'function', functionId: 'assets.nope', access: 'read', value: true })).toThrow(
      /unknown function "assets.nope"/,
    );
  });
});
