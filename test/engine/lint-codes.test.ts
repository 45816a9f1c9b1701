import { describe, expect, it } from 'vitest';
import { compileFleet, userOrgScopeContains } from '../../core/engine/fleet';
import { LINT_CODES } from '../../core/engine/lint';
import { DEFAULT_SYSTEM_ROLES } from '../../core/model/catalog';
import type { Snapshot, SnapshotInput } from '../../core/model/snapshot';
import { parseSnapshot } from '../../core/model/validate';
import { BASE_USERS, ORGS, user } from './roles-fixture';
import { lint } from './worded';

const role = (id: string, over: object = {}) => ({
  id,
  name: `Role ${id}`,
  location: null,
  expertMode: false,
  fullAccessUntagged: false,
  tags: [],
  features: {},
  ...over,
});

/** A snapshot lint finds nothing in; each test breaks one thing. */
function clean(): Snapshot {
  return {
    version: 1,
    organizations: ORGS.map((o) => ({ ...o })),
    sites: [{ id: 's-1', name: 'Pit', organizationId: 'o-acme' }],
    users: BASE_USERS.map((u) => ({ ...u })),
    projects: [{ id: 'p-1', name: 'Mine' }],
    projectRoles: [role('pr-ops'), role('pr-pumps', { tags: [{ tag: 'pump', read: true, write: false }], fullAccessUntagged: true })],
    memberships: [
      { userId: 'u-ops', projectId: 'p-1', projectRoleId: 'pr-ops' },
      { userId: 'u-tech', projectId: 'p-1', projectRoleId: 'pr-pumps' },
    ],
    assets: [{ id: 'a-1', name: 'Pump', projectId: 'p-1', siteId: 's-1', tags: ['pump'] }],
    tickets: [{ id: 't-1', title: 'Leak', projectId: 'p-1', assetId: 'a-1', assigneeId: 'u-tech' }],
  };
}

function lintOf(edit: (s: Snapshot) => void) {
  const s = clean();
  edit(s);
  // Lint runs on what the CLI runs it on: a snapshot that passed the schema.
  const parsed = parseSnapshot(s as SnapshotInput);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return lint(parsed.value).problems;
}

describe('lint', () => {
  it('finds nothing in a consistent snapshot', () => {
    expect(lintOf(() => {})).toEqual([]);
  });

  it('DANGLING_REFERENCE: every reference field, with its path', () => {
    const problems = lintOf((s) => {
      s.organizations[1].parentId = 'o-x';
      s.sites[0].organizationId = 'o-x';
      s.users[0] = {
        ...s.users[0],
        organizationId: 'o-x',
        systemRoleId: 'r-x',
        invitedBy: 'u-x',
        requestedRoleId: 'r-y',
        scope: { organizationIds: ['o-north', 'o-y'], siteIds: ['s-x'] },
      };
      s.memberships[0] = { userId: 'u-x', projectId: 'p-x', projectRoleId: 'pr-x' };
      s.assets[0] = { ...s.assets[0], projectId: 'p-x', siteId: 's-x' };
      s.tickets[0] = { ...s.tickets[0], projectId: 'p-x', assetId: 'a-x', assigneeId: 'u-x' };
    });
    const dangling = problems.filter((p) => p.code === 'DANGLING_REFERENCE').map((p) => p.path);
    expect(dangling).toEqual([
      'organizations[1].parentId',
      'sites[0].organizationId',
      'users[0].organizationId',
      'users[0].systemRoleId',
      'users[0].invitedBy',
      'users[0].requestedRoleId',
      'users[0].scope.organizationIds[1]',
      'users[0].scope.siteIds[0]',
      'memberships[0].userId',
      'memberships[0].projectId',
      'memberships[0].projectRoleId',
      'assets[0].projectId',
      'assets[0].siteId',
      'tickets[0].projectId',
      'tickets[0].assetId',
      'tickets[0].assigneeId',
    ]);
    expect(problems.find((p) => p.path === 'memberships[0].projectId')!.message).toBe(
      'Membership of user "u-x" in project "p-x" refers to project "p-x", which does not exist.',
    );
  });

  it("DANGLING_REFERENCE: system role ids are checked against the snapshot's own catalog when it has one", () => {
    const problems = lintOf((s) => {
      s.systemRoles = [{ ...DEFAULT_SYSTEM_ROLES[0], orgTypes: ['global'], permissions: ['manageUsers', 'internalUser'] }];
    });
    expect(problems.filter((p) => p.code === 'DANGLING_REFERENCE').map((p) => p.path)).toEqual(
      BASE_USERS.slice(1).map((_, i) => `users[${i + 1}].systemRoleId`),
    );
  });

  it('DUPLICATE_ID: the later record is reported, the first wins and the duplicate gets no other problem', () => {
    const problems = lintOf((s) => {
      s.users.push(user('u-qm', 'o-nowhere', 'technician'));
      s.projectRoles.push(role('pr-ops', { fullAccessUntagged: true }));
      s.assets.push({ ...s.assets[0], siteId: 's-x' });
    });
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['DUPLICATE_ID', `users[${BASE_USERS.length}].id`],
      ['DUPLICATE_ID', 'projectRoles[2].id'],
      ['DUPLICATE_ID', 'assets[1].id'],
    ]);
    expect(problems[0].message).toBe('Id "u-qm" is already used by users[2]; the first record wins and this one is ignored.');
  });

  it('ORGANIZATION_CYCLE: reported once per loop, and the engine still terminates', () => {
    const problems = lintOf((s) => {
      s.organizations[0].parentId = 'o-cobalt'; // global → … → cobalt → global
      s.organizations.push({ id: 'o-self', name: 'Self', type: 'customer', parentId: 'o-self' });
    });
    const cycles = problems.filter((p) => p.code === 'ORGANIZATION_CYCLE');
    expect(cycles.map((p) => p.path)).toEqual(['organizations[0].parentId', 'organizations[8].parentId']);
    expect(cycles[0].message).toContain(
      '«Smartlink Global» ("o-global") → «Cobalt Ltd» ("o-cobalt") → «CC South» ("o-south") → «Product Company» ("o-pc") → «Smartlink Global» ("o-global")',
    );
    expect(cycles[1].message).toContain('«Self» ("o-self") → «Self» ("o-self")');
    const s = clean();
    s.organizations[0].parentId = 'o-cobalt';
    s.organizations[6].parentId = 'o-cobalt'; // o-south ↔ o-cobalt, with global hanging below
    const fleet = compileFleet(s);
    expect(userOrgScopeContains(fleet, fleet.userIndex.get('u-qm')!, fleet.orgIndex.get('o-acme')!)).toBe(true);
  });

  it('UNTAGGED_ACCESS_NO_EFFECT: full access to untagged assets on a role with no tag entries', () => {
    const problems = lintOf((s) => void (s.projectRoles[0].fullAccessUntagged = true));
    expect(problems).toEqual([
      { code: 'UNTAGGED_ACCESS_NO_EFFECT', path: 'projectRoles[0].fullAccessUntagged', message: expect.stringContaining('«Role pr-ops»') },
    ]);
  });

  it('TAG_UNUSED: a role tag that no asset carries', () => {
    const problems = lintOf((s) => void s.projectRoles[1].tags.push({ tag: 'Pump', read: true, write: true }));
    expect(problems).toEqual([
      {
        code: 'TAG_UNUSED',
        path: 'projectRoles[1].tags[1].tag',
        message: 'Project role «Role pr-pumps» ("pr-pumps") has an entry for tag "Pump", which no asset carries.',
      },
    ]);
  });

  it('PROJECT_ROLE_UNUSED: a project role no membership uses', () => {
    const problems = lintOf((s) => void s.projectRoles.push(role('pr-idle')));
    expect(problems.map((p) => [p.code, p.path])).toEqual([['PROJECT_ROLE_UNUSED', 'projectRoles[2]']]);
  });

  it("SYSTEM_ROLE_NOT_FOR_ORG_TYPE: a user whose system role is not meant for their organization's type", () => {
    const problems = lintOf((s) => void s.users.push(user('u-odd', 'o-acme', 'technician')));
    expect(problems).toEqual([
      {
        code: 'SYSTEM_ROLE_NOT_FOR_ORG_TYPE',
        path: `users[${BASE_USERS.length}].systemRoleId`,
        message:
          'User «Odd» ("u-odd") has system role Technician (level 3), which is meant for customer center organizations, but belongs to «Acme Mining» ("o-acme"), a customer organization.',
      },
    ]);
  });

  it('REGISTRANT_UNVERIFIABLE: no Quote Manager has the registrant in scope, none may give it a role, or its organization is unknown', () => {
    const pending = { status: 'pendingVerification' as const };
    const problems = lintOf((s) => {
      s.users = s.users.filter((u) => u.id !== 'u-qm-south');
      s.users.push(
        user('u-reg-ok', 'o-acme', null, pending),
        user('u-reg-south', 'o-cobalt', null, pending),
        user('u-reg-nowhere', 'o-x', null, pending),
        user('u-reg-global', 'o-global', null, pending),
      );
    });
    const n = BASE_USERS.length - 1;
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['REGISTRANT_UNVERIFIABLE', `users[${n + 1}]`],
      ['DANGLING_REFERENCE', `users[${n + 2}].organizationId`],
      ['REGISTRANT_UNVERIFIABLE', `users[${n + 2}]`],
      ['REGISTRANT_UNVERIFIABLE', `users[${n + 3}]`],
    ]);
    expect(problems[2].message).toBe(
      'Registrant «Reg-nowhere» ("u-reg-nowhere") belongs to no known organization, so no Quote Manager can verify them.',
    );
    expect(problems[0].message).toMatch(/No active Quote Manager .* has «Cobalt Ltd» \("o-cobalt"\) in scope/);
  });

  it('REGISTRANT_UNVERIFIABLE: Quote Managers in scope who may give no role do not count', () => {
    const problems = lintOf((s) => {
      // A Quote Manager of the product company has everything below it in scope, but a product-company registrant
      // can only be given PC Internal, which is above them.
      s.users.push(user('u-qm-pc', 'o-pc', 'internalAdminCC'), user('u-reg-pc', 'o-pc', null, { status: 'pendingVerification' }));
    });
    const reg = problems.filter((p) => p.code === 'REGISTRANT_UNVERIFIABLE');
    expect(reg).toEqual([
      {
        code: 'REGISTRANT_UNVERIFIABLE',
        path: `users[${BASE_USERS.length + 1}]`,
        message: 'The only Quote Manager with «Product Company» ("o-pc") in scope may give registrant «Reg-pc» ("u-reg-pc") no role.',
      },
    ]);
  });

  it('INTERNAL_USER_AUDIENCE_MISMATCH: a catalog role whose Internal user permission disagrees with its audience', () => {
    const problems = lintOf((s) => {
      s.systemRoles = DEFAULT_SYSTEM_ROLES.map((r) => ({ ...r, orgTypes: [...r.orgTypes], permissions: [...r.permissions] }));
      s.systemRoles[1].permissions = s.systemRoles[1].permissions.filter((p) => p !== 'internalUser');
      s.systemRoles[10].permissions.push('internalUser');
    });
    expect(problems.map((p) => [p.code, p.path, p.message])).toEqual([
      [
        'INTERNAL_USER_AUDIENCE_MISMATCH',
        'systemRoles[1].permissions',
        'System role PC Internal (level 1) is for internal users but lacks the Internal user permission.',
      ],
      [
        'INTERNAL_USER_AUDIENCE_MISMATCH',
        'systemRoles[10].permissions',
        'System role Customer (level 5) is for external users but has the Internal user permission.',
      ],
    ]);
  });

  it('every code is one of the documented lint codes', () => {
    const problems = lintOf((s) => {
      s.projectRoles.push(role('pr-x', { fullAccessUntagged: true, tags: [{ tag: 'nope', read: true, write: false }] }));
      s.users.push(user('u-qm', 'o-acme', 'technician'));
    });
    for (const p of problems) expect(LINT_CODES).toContain(p.code);
  });
});

describe('lint counts only what the engine uses', () => {
  it('a role used only by a membership of an unknown project is unused, and a tag only a duplicate asset carries is unused', () => {
    const problems = lintOf((s) => {
      s.projectRoles.push(role('pr-ghost', { tags: [{ tag: 'ghost', read: true, write: false }] }));
      s.memberships.push({ userId: 'u-qm', projectId: 'p-gone', projectRoleId: 'pr-ghost' });
      s.assets.push({ ...s.assets[0], tags: ['ghost'] });
    });
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['TAG_UNUSED', 'projectRoles[2].tags[0].tag'],
      ['PROJECT_ROLE_UNUSED', 'projectRoles[2]'],
      ['DANGLING_REFERENCE', 'memberships[2].projectId'],
      ['DUPLICATE_ID', 'assets[1].id'],
    ]);
  });
});
