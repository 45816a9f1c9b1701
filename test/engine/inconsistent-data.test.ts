// SPEC §7 "Dangling, looping and malformed data": the rules read inconsistent data literally, so an answer never
// depends on which record comes first. One test (or more) per bullet; each checks the explain path and the fast path.
import { describe, expect, it } from 'vitest';
import {
  assetEffect,
  assignableRoles,
  compileFleet,
  diffAccess,
  explainAsset,
  lint,
  userOrgScopeContains,
  verifyQueue,
  visibleAssets,
  whoCanSee,
  type Fleet,
} from '../../core/engine';
import { DEFAULT_SYSTEM_ROLES } from '../../core/model/catalog';
import type { Organization, Snapshot, Ticket } from '../../core/model/snapshot';
import { asset, baseSnapshot, member, role, user } from './fixtures';
import { baseFleet, fleetOf, ORGS, user as roleUser, BASE_USERS } from './roles-fixture';
import { explainTicket } from './worded';

const codes = (d: { steps: { code: string }[] }) => d.steps.map((s) => s.code);
/** The explain path and the fast path, which must agree. */
function effectOf(f: Fleet, userId: string, assetId: string) {
  const d = explainAsset(f, userId, assetId);
  expect(assetEffect(f, f.userIndex.get(userId)!, f.assetIndex.get(assetId)!).effect).toBe(d.effect);
  return d.effect;
}

describe('SPEC §7 — ids are compared as given', () => {
  it('an asset on an unknown site is on that site: a whole-fleet user whose scope.siteIds names it has it in scope', () => {
    const s = baseSnapshot({
      users: [user('u-pc', { organizationId: 'org-pc', scope: { siteIds: ['site-gone'] } })],
      memberships: [member('u-pc', 'pr-main')],
      assets: [asset('a-1', { siteId: 'site-gone' })],
    });
    const f = compileFleet(s);
    const d = explainAsset(f, 'u-pc', 'a-1');
    expect(codes(d)).toEqual(['USER_ACTIVE', 'IN_SCOPE', 'PROJECT_ROLE', 'ASSETS_READ', 'NO_TAG_RESTRICTION', 'ASSETS_NO_WRITE']);
    expect(d.steps[1].matchedSiteId).toBe('site-gone');
    expect(effectOf(f, 'u-pc', 'a-1')).toBe('read');
    expect(visibleAssets(f, 'u-pc').assets.map((a) => a.assetId)).toEqual(['a-1']);
  });

  it('widening the scope to an unknown site is a flip when it raises the effect (WIDEN_SCOPE names the site id)', () => {
    const s = baseSnapshot({
      users: [user('u-pc', { organizationId: 'org-pc', scope: { siteIds: [] } })],
      memberships: [member('u-pc', 'pr-main')],
      assets: [asset('a-1', { siteId: 'site-gone' })],
    });
    const d = explainAsset(compileFleet(s), 'u-pc', 'a-1');
    expect(d.effect).toBe('hidden');
    expect(d.flips.map((x) => [x.code, x.siteId, x.effect])).toEqual([['WIDEN_SCOPE', 'site-gone', 'read']]);
  });

  it('a membership in a project no record has gives its role there (explain, visible, who-can-see, tickets)', () => {
    const s = baseSnapshot({
      projectRoles: [role('pr-main', { tickets: true })],
      memberships: [member('u-tech', 'pr-main', 'prj-gone')],
      assets: [asset('a-1', { projectId: 'prj-gone' })],
      tickets: [{ id: 't-1', title: 'Leak', projectId: 'prj-gone', assetId: 'a-1', assigneeId: null }],
    });
    const f = compileFleet(s);
    const d = explainAsset(f, 'u-tech', 'a-1');
    expect(codes(d)).toContain('PROJECT_ROLE');
    expect(effectOf(f, 'u-tech', 'a-1')).toBe('read');
    expect(whoCanSee(f, 'a-1').users.map((u) => u.userId)).toEqual(['u-tech']);
    expect(explainTicket(f, 'u-tech', 't-1').effect).toBe('visible');
  });

  it('giving a project role in a project no record has is an ADD_PROJECT_ROLE flip', () => {
    const s = baseSnapshot({ memberships: [], assets: [asset('a-1', { projectId: 'prj-gone' })] });
    const d = explainAsset(compileFleet(s), 'u-tech', 'a-1');
    expect(d.flips.map((x) => [x.code, x.projectId, x.projectRoleId])).toEqual([['ADD_PROJECT_ROLE', 'prj-gone', 'pr-main']]);
  });

  it('a membership naming an unknown project role gives no project role, and diff --as-role without --project leaves it', () => {
    const s = baseSnapshot({
      projectRoles: [role('pr-main'), role('pr-wide', { assets: 'rw' })],
      memberships: [member('u-tech', 'pr-gone'), member('u-tech', 'pr-main', 'prj-other')],
      assets: [asset('a-1'), asset('a-2', { projectId: 'prj-other' })],
    });
    const f = compileFleet(s);
    const d = explainAsset(f, 'u-tech', 'a-1');
    expect(d.steps.at(-1)).toMatchObject({ code: 'NO_PROJECT_ROLE', danglingProjectRoleId: 'pr-gone' });
    const diff = diffAccess(f, 'u-tech', { asProjectRoleId: 'pr-wide' });
    expect(diff.changes).toEqual([{ assetId: 'a-2', before: 'read', after: 'full' }]);
    expect(new Set(diff.functions.map((x) => x.projectId))).toEqual(new Set(['prj-other']));
  });
});

describe('SPEC §7 — under an organization', () => {
  const loopOrgs: Organization[] = [
    { id: 'org-x', name: 'X', type: 'customer', parentId: 'org-y' },
    { id: 'org-y', name: 'Y', type: 'customer', parentId: 'org-x' },
    { id: 'org-z', name: 'Z', type: 'customer', parentId: 'org-y' },
  ];
  const loopSnapshot = (organizations: Organization[]): Snapshot =>
    baseSnapshot({
      organizations,
      sites: ['x', 'y', 'z'].map((k) => ({ id: `site-${k}`, name: `Site ${k}`, organizationId: `org-${k}` })),
      users: ['x', 'y', 'z'].map((k) => user(`u-${k}`, { organizationId: `org-${k}`, systemRoleId: 'customer' })),
      memberships: ['x', 'y', 'z'].map((k) => member(`u-${k}`, 'pr-main')),
      assets: ['x', 'y', 'z'].map((k) => asset(`a-${k}`, { siteId: `site-${k}` })),
    });

  it('in a parent loop every member lies under every other, and so does everything below any of them — in any record order', () => {
    for (const organizations of [
      loopOrgs,
      [...loopOrgs].reverse(),
      [loopOrgs[2], loopOrgs[1], loopOrgs[0]],
      [loopOrgs[1], loopOrgs[2], loopOrgs[0]],
    ]) {
      const f = compileFleet(loopSnapshot(organizations));
      const seen = (u: string) => ['a-x', 'a-y', 'a-z'].filter((a) => effectOf(f, u, a) !== 'hidden');
      expect(seen('u-x')).toEqual(['a-x', 'a-y', 'a-z']);
      expect(seen('u-y')).toEqual(['a-x', 'a-y', 'a-z']);
      expect(seen('u-z')).toEqual(['a-z']);
      const o = (id: string) => f.orgKeyIndex.get(id)!;
      expect(userOrgScopeContains(f, f.userIndex.get('u-x')!, o('org-y'))).toBe(true);
      expect(userOrgScopeContains(f, f.userIndex.get('u-y')!, o('org-x'))).toBe(true);
      expect(userOrgScopeContains(f, f.userIndex.get('u-z')!, o('org-x'))).toBe(false);
    }
  });

  it('an organization whose parent is unknown lies under that id; a user of that unknown organization has it in scope', () => {
    const s = baseSnapshot({
      organizations: [...baseSnapshot().organizations, { id: 'org-z', name: 'Z', type: 'customer', parentId: 'org-gone' }],
      sites: [
        { id: 'site-z', name: 'Z', organizationId: 'org-z' },
        { id: 'site-w', name: 'W', organizationId: 'org-gone' },
      ],
      users: [user('u-lost', { organizationId: 'org-gone' }), user('u-elsewhere', { organizationId: 'org-other-gone' })],
      memberships: [member('u-lost', 'pr-main'), member('u-elsewhere', 'pr-main')],
      assets: [asset('a-z', { siteId: 'site-z' }), asset('a-w', { siteId: 'site-w' }), asset('a-1')],
    });
    const f = compileFleet(s);
    expect(['a-z', 'a-w', 'a-1'].map((a) => effectOf(f, 'u-lost', a))).toEqual(['read', 'read', 'hidden']);
    expect(['a-z', 'a-w', 'a-1'].map((a) => effectOf(f, 'u-elsewhere', a))).toEqual(['hidden', 'hidden', 'hidden']);
  });

  it('a scope.organizationIds entry naming an unknown id holds what lies under that id', () => {
    const s = baseSnapshot({
      organizations: [...baseSnapshot().organizations, { id: 'org-z', name: 'Z', type: 'customer', parentId: 'org-gone' }],
      sites: [{ id: 'site-z', name: 'Z', organizationId: 'org-z' }, ...baseSnapshot().sites],
      users: [user('u-pc', { organizationId: 'org-pc', scope: { organizationIds: ['org-gone'] } })],
      memberships: [member('u-pc', 'pr-main')],
      assets: [asset('a-z', { siteId: 'site-z' }), asset('a-1')],
    });
    const f = compileFleet(s);
    expect(effectOf(f, 'u-pc', 'a-z')).toBe('read');
    expect(explainAsset(f, 'u-pc', 'a-z').steps[1].matchedOrganizationId).toBe('org-gone');
    expect(effectOf(f, 'u-pc', 'a-1')).toBe('hidden');
  });

  it('an asset on an unknown site lies under no organization: only whole-fleet default scopes hold it, never an organizationIds list', () => {
    const s = baseSnapshot({
      users: [
        user('u-tech'),
        user('u-pc', { organizationId: 'org-pc' }),
        user('u-pc-scoped', { organizationId: 'org-pc', scope: { organizationIds: ['org-global', 'org-pc', 'site-gone'] } }),
      ],
      memberships: ['u-tech', 'u-pc', 'u-pc-scoped'].map((u) => member(u, 'pr-main')),
      assets: [asset('a-1', { siteId: 'site-gone' })],
    });
    const f = compileFleet(s);
    expect(['u-tech', 'u-pc', 'u-pc-scoped'].map((u) => effectOf(f, u, 'a-1'))).toEqual(['hidden', 'read', 'hidden']);
  });

  it('the whole fleet holds every organization id, known or not: R6 targets and the R8 queue', () => {
    const extra = [
      roleUser('u-qm-pc', 'o-pc', 'internalAdminCC'),
      roleUser('u-lost', 'o-gone', 'customer'),
      roleUser('u-reg-lost', 'o-gone', null, { status: 'pendingVerification' }),
    ];
    const f = baseFleet(extra);
    const reasonsFor = (assigner: string) =>
      assignableRoles(f, assigner, 'u-lost')
        .roles.find((r) => r.roleId === 'customer')!
        .reasons.map((r) => r.code);
    // globalAdmin (whole fleet): the unknown organization is in scope; no role is meant for it (it has no type)
    expect(reasonsFor('u-admin')).toEqual(['ROLE_NOT_FOR_ORG_TYPE']);
    // a Quote Manager of a customer center: nothing lies under its organization but what the links say
    expect(reasonsFor('u-qm')).toEqual(['TARGET_OUT_OF_SCOPE', 'ROLE_NOT_FOR_ORG_TYPE']);
    expect(verifyQueue(f, 'u-qm-pc').pending).toEqual([
      { userId: 'u-reg-lost', organizationId: 'o-gone', suggestedRoleId: null, allowedRoleIds: [] },
    ]);
    expect(verifyQueue(f, 'u-qm').pending).toEqual([]);
  });

  it('lint reports each loop once, as ORGANIZATION_CYCLE at the parentId of its first member in snapshot order', () => {
    const organizations: Organization[] = [
      { id: 'c', name: 'C', type: 'customer', parentId: 'b' }, // leads into the loop, not part of it
      { id: 'a', name: 'A', type: 'customer', parentId: 'b' },
      { id: 'b', name: 'B', type: 'customer', parentId: 'a' },
      { id: 's', name: 'S', type: 'customer', parentId: 's' },
    ];
    const problems = lint({
      ...baseSnapshot({ organizations, sites: [], users: [], memberships: [], assets: [], projectRoles: [] }),
    }).problems;
    expect(problems.filter((p) => p.code === 'ORGANIZATION_CYCLE').map((p) => p.path)).toEqual([
      'organizations[1].parentId',
      'organizations[3].parentId',
    ]);
  });
});

describe('SPEC §7 — tickets', () => {
  const ticket = (assigneeId: string | null): Ticket => ({ id: 't-1', title: 'Leak', projectId: 'prj-food', assetId: null, assigneeId });
  const namesStep = (f: Fleet, userId: string) => explainTicket(f, userId, 't-1').steps.at(-1)!;

  it('an assignee id that names no user has no name: NAMES_HIDDEN (ok false), null — for a globalAdmin and a user manager too', () => {
    const s = baseSnapshot({
      projectRoles: [role('pr-main', { tickets: true, usersInOtherLists: true })],
      users: [
        user('u-tech'),
        user('u-admin', { organizationId: 'org-global', systemRoleId: 'globalAdmin' }),
        user('u-qm', { systemRoleId: 'internalAdminCC' }),
      ],
      memberships: [member('u-tech', 'pr-main'), member('u-qm', 'pr-main')],
      tickets: [ticket('u-ghost')],
    });
    const f = compileFleet(s);
    for (const viewer of ['u-tech', 'u-admin', 'u-qm']) {
      const d = explainTicket(f, viewer, 't-1');
      expect(d.effect).toBe('visible');
      expect(d.assigneeName).toBeNull();
      expect(namesStep(f, viewer)).toMatchObject({ code: 'NAMES_HIDDEN', ok: false, assigneeId: 'u-ghost' });
      expect(namesStep(f, viewer).message).toBe('The assignee «u-ghost» is not a user in the snapshot, so there is no name to show.');
    }
  });

  it('a globalAdmin sees their own name as OWN_NAME and any other as SYSTEM_ROLE_USERS, whatever the catalog gives the role', () => {
    const systemRoles = DEFAULT_SYSTEM_ROLES.map((r) => ({
      ...r,
      orgTypes: [...r.orgTypes],
      permissions: r.id === 'globalAdmin' ? ['runningHoursOverview'] : [...r.permissions],
    }));
    const base = {
      systemRoles,
      projectRoles: [role('pr-main', { tickets: true, usersInOtherLists: true })],
      users: [user('u-tech'), user('u-admin', { organizationId: 'org-global', systemRoleId: 'globalAdmin' })],
      memberships: [member('u-tech', 'pr-main'), member('u-admin', 'pr-main')],
    };
    const other = compileFleet(baseSnapshot({ ...base, tickets: [ticket('u-tech')] }));
    expect(namesStep(other, 'u-admin')).toMatchObject({ code: 'SYSTEM_ROLE_USERS', ok: true });
    expect(explainTicket(other, 'u-admin', 't-1').assigneeName).toBe('Person u-tech');
    const own = compileFleet(baseSnapshot({ ...base, tickets: [ticket('u-admin')] }));
    expect(namesStep(own, 'u-admin')).toMatchObject({ code: 'OWN_NAME', ok: true });
  });
});

describe('SPEC §7 — R6', () => {
  it('an assigner with no system role, or one the catalog lacks, fails the level check for every role, besides every other failing check', () => {
    const f = fleetOf({
      organizations: [...ORGS],
      users: [...BASE_USERS, roleUser('u-none', 'o-north', null), roleUser('u-odd', 'o-north', 'gone')],
    });
    for (const assigner of ['u-none', 'u-odd']) {
      for (const r of assignableRoles(f, assigner, 'u-cust').roles) {
        expect(r.allowed).toBe(false);
        const c = r.reasons.map((x) => x.code);
        expect(c.slice(0, 3)).toEqual(['ASSIGNER_CANNOT_MANAGE_USERS', 'ROLE_ABOVE_ASSIGNER', 'TARGET_NOT_BELOW']);
      }
    }
  });
});

describe('SPEC §7 — order', () => {
  it("flips that grant a tag follow the asset's own tag order (as its NO_READABLE_TAG step names them)", () => {
    const s = baseSnapshot({
      projectRoles: [role('pr-main', { tags: { other: 'r' } })],
      assets: [asset('a-0', { tags: ['alpha', 'beta'] }), asset('a-1', { tags: ['beta', 'alpha', 'beta'] })],
    });
    const d = explainAsset(compileFleet(s), 'u-tech', 'a-1');
    expect(d.steps.at(-1)).toMatchObject({ code: 'NO_READABLE_TAG', tags: ['beta', 'alpha'] });
    expect(d.flips.map((x) => [x.code, x.tag])).toEqual([
      ['GRANT_TAG_READ', 'beta'],
      ['GRANT_TAG_READ', 'alpha'],
    ]);
  });

  it('lint TAG_UNUSED is reported at the tag field: projectRoles[i].tags[j].tag', () => {
    const s = baseSnapshot({
      projectRoles: [role('pr-main', { tags: { pump: 'r', Pump: 'r' } })],
      assets: [asset('a-1', { tags: ['pump'] })],
    });
    expect(
      lint(s)
        .problems.filter((p) => p.code === 'TAG_UNUSED')
        .map((p) => p.path),
    ).toEqual(['projectRoles[0].tags[1].tag']);
  });
});
