import { describe, expect, it } from 'vitest';
import {
  assetTagNames,
  compileFleet,
  hasPermission,
  orgLiesUnder,
  roleIndexOf,
  systemRoleOf,
  userOrgScopeContains,
} from '../../core/engine';
import { DEFAULT_SYSTEM_ROLES } from '../../core/model/catalog';
import { asset, baseSnapshot, member, role, user } from './fixtures';

describe('compileFleet', () => {
  it('maps ids to the first record on duplicate ids', () => {
    const f = compileFleet(baseSnapshot({ assets: [asset('a-1', { name: 'first' }), asset('a-2'), asset('a-1', { name: 'second' })] }));
    expect(f.assetIndex.get('a-1')).toBe(0);
    expect(Array.from(f.assetDuplicate)).toEqual([0, 0, 1]);
    expect(f.snapshot.assets[f.assetIndex.get('a-1')!].name).toBe('first');
  });

  it('answers "lies under" from Euler-tour intervals, including the organization itself', () => {
    const f = compileFleet(baseSnapshot());
    const o = (id: string) => f.orgIndex.get(id)!;
    expect(orgLiesUnder(f, o('org-dairy'), o('org-cc-benelux'))).toBe(true);
    expect(orgLiesUnder(f, o('org-dairy'), o('org-dist'))).toBe(true);
    expect(orgLiesUnder(f, o('org-dairy'), o('org-dairy'))).toBe(true);
    expect(orgLiesUnder(f, o('org-cc-benelux'), o('org-dairy'))).toBe(false);
    expect(orgLiesUnder(f, o('org-sawmill'), o('org-cc-benelux'))).toBe(false);
    expect(orgLiesUnder(f, o('org-sawmill'), o('org-global'))).toBe(true);
  });

  it('a parent loop makes its members lie under one another; a dangling parent id is a key of its own (SPEC §7)', () => {
    const s = baseSnapshot({
      organizations: [
        { id: 'x', name: 'X', type: 'customer', parentId: 'y' },
        { id: 'y', name: 'Y', type: 'customer', parentId: 'x' },
        { id: 'z', name: 'Z', type: 'customer', parentId: 'nowhere' },
        { id: 'w', name: 'W', type: 'customer', parentId: 'y' },
      ],
    });
    const f = compileFleet(s);
    const k = (id: string) => f.orgKeyIndex.get(id)!;
    expect(orgLiesUnder(f, k('x'), k('y'))).toBe(true);
    expect(orgLiesUnder(f, k('y'), k('x'))).toBe(true);
    expect(orgLiesUnder(f, k('w'), k('x'))).toBe(true);
    expect(orgLiesUnder(f, k('x'), k('w'))).toBe(false);
    expect(orgLiesUnder(f, k('z'), k('nowhere'))).toBe(true);
    expect(orgLiesUnder(f, k('z'), k('x'))).toBe(false);
    expect(k('nowhere')).toBeGreaterThanOrEqual(s.organizations.length);
  });

  it('lays out a 100,000-long parent chain ending in a 50,000-member loop without recursion, in linear time', () => {
    const n = 150_000;
    // org-i's parent is org-(i+1); the last 50,000 close a loop back to org-100000
    const organizations = Array.from({ length: n }, (_, i) => ({
      id: `org-${i}`,
      name: `O${i}`,
      type: 'customer' as const,
      parentId: `org-${i === n - 1 ? 100_000 : i + 1}`,
    }));
    const started = performance.now();
    const f = compileFleet(baseSnapshot({ organizations, sites: [], users: [], memberships: [], assets: [] }));
    const ms = performance.now() - started;
    const k = (i: number) => f.orgKeyIndex.get(`org-${i}`)!;
    expect(orgLiesUnder(f, k(0), k(n - 1))).toBe(true);
    expect(orgLiesUnder(f, k(100_000), k(n - 1))).toBe(true);
    expect(orgLiesUnder(f, k(n - 1), k(100_000))).toBe(true);
    expect(orgLiesUnder(f, k(99_999), k(0))).toBe(false);
    expect(orgLiesUnder(f, k(0), k(99_999))).toBe(true);
    expect(ms).toBeLessThan(5_000); // linear: ~0.1 s here; a quadratic layout would take minutes
  });

  it("keeps asset tags as de-duplicated indexes into one dictionary, in the asset's own order", () => {
    const f = compileFleet(
      baseSnapshot({ projectRoles: [role('pr-main', { tags: { b: 'r' } })], assets: [asset('a-1', { tags: ['c', 'b', 'c'] })] }),
    );
    expect(f.tags).toEqual(['b', 'c']);
    expect(assetTagNames(f, 0)).toEqual(['c', 'b']);
  });

  it('indexes memberships per user and project; a dangling role is no role', () => {
    const s = baseSnapshot({
      users: [user('u-tech'), user('u-2')],
      memberships: [member('u-tech', 'pr-main'), member('u-2', 'pr-none', 'prj-other'), member('u-ghost', 'pr-main')],
    });
    const f = compileFleet(s);
    expect(roleIndexOf(f, 0, 0)).toBe(0);
    expect(roleIndexOf(f, 0, 1)).toBe(-1);
    expect(roleIndexOf(f, 1, 1)).toBe(-1);
    expect(Array.from(f.userMemberStart)).toEqual([0, 1, 2]);
  });

  it("uses the snapshot's system-role catalog when present, else the default", () => {
    const f = compileFleet(baseSnapshot());
    expect(systemRoleOf(f, 0)?.id).toBe('technician');
    expect(f.systemRoles.length).toBe(DEFAULT_SYSTEM_ROLES.length);
    expect(hasPermission(f, 0, 'registerSmartclamp')).toBe(true);
    expect(hasPermission(f, 0, 'manageUsers')).toBe(false);

    const custom = compileFleet(
      baseSnapshot({
        systemRoles: [
          { id: 'technician', name: 'Tech+', level: 3, audience: 'internal', orgTypes: ['customerCenter'], permissions: ['manageUsers'] },
        ],
      }),
    );
    expect(systemRoleOf(custom, 0)?.name).toBe('Tech+');
    expect(hasPermission(custom, 0, 'manageUsers')).toBe(true);
    expect(hasPermission(custom, 0, 'registerSmartclamp')).toBe(false);
    const unknown = compileFleet(baseSnapshot({ users: [user('u-tech', { systemRoleId: 'gone' })] }));
    expect(systemRoleOf(unknown, 0)).toBeNull();
    expect(hasPermission(unknown, 0, 'runningHoursOverview')).toBe(false);
  });
});

describe('userOrgScopeContains (SPEC §6 scope of organizations)', () => {
  const scoped = (over: Parameters<typeof user>[1]) => {
    const f = compileFleet(baseSnapshot({ users: [user('u-tech', over)] }));
    return (orgId: string) => userOrgScopeContains(f, 0, f.orgIndex.get(orgId)!);
  };

  it("defaults to the subtree of the user's organization", () => {
    const inScope = scoped({});
    expect(['org-cc-benelux', 'org-brewery', 'org-dairy'].map(inScope)).toEqual([true, true, true]);
    expect(['org-pc', 'org-cc-nordic', 'org-sawmill'].map(inScope)).toEqual([false, false, false]);
  });

  it('is the whole fleet for global and productCompany organizations', () => {
    expect(scoped({ organizationId: 'org-pc' })('org-sawmill')).toBe(true);
    expect(scoped({ organizationId: 'org-global' })('org-global')).toBe(true);
  });

  it('narrows by scope.organizationIds only; siteIds do not narrow organizations', () => {
    const narrowed = scoped({ scope: { organizationIds: ['org-dist'] } });
    expect(narrowed('org-dairy')).toBe(true);
    expect(narrowed('org-brewery')).toBe(false);
    expect(scoped({ scope: { siteIds: [] } })('org-brewery')).toBe(true);
    expect(scoped({ scope: {} })('org-brewery')).toBe(true);
    expect(scoped({ scope: { organizationIds: [] } })('org-cc-benelux')).toBe(false);
    // narrowing never widens
    expect(scoped({ scope: { organizationIds: ['org-sawmill'] } })('org-sawmill')).toBe(false);
  });
});
