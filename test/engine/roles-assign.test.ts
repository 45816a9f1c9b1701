import { describe, expect, it } from 'vitest';
import { UnknownIdError } from '../../core/engine/fleet';
import { canAssign } from '../../core/engine/roles';
import { DEFAULT_SYSTEM_ROLES } from '../../core/model/catalog';
import { baseFleet, fleetOf, ORGS, user } from './roles-fixture';
import { assignableRoles } from './worded';

const codesOf = (r: ReturnType<typeof assignableRoles>, roleId: string) =>
  r.roles.find((x) => x.roleId === roleId)!.reasons.map((x) => x.code);
const allowedOf = (r: ReturnType<typeof assignableRoles>) => r.roles.filter((x) => x.allowed).map((x) => x.roleId);

describe('R6 assigning a system role', () => {
  it('an Internal Admin CC cannot assign PC Internal or Global Admin (nor Internal Admin CC)', () => {
    const r = assignableRoles(baseFleet(), 'u-qm');
    expect(codesOf(r, 'globalAdmin')).toEqual(['ROLE_ABOVE_ASSIGNER']);
    expect(codesOf(r, 'pcInternal')).toEqual(['ROLE_ABOVE_ASSIGNER']);
    expect(codesOf(r, 'internalAdminCC')).toEqual(['ROLE_SAME_LEVEL']);
    expect(allowedOf(r)).toEqual([
      'customerCenterOperations',
      'localDiagnosticEngineer',
      'internalSalesCC',
      'technician',
      'distributor',
      'distributorTechnician',
      'customer',
    ]);
    const message = r.roles.find((x) => x.roleId === 'pcInternal')!.reasons[0].message;
    expect(message).toBe(
      "Internal Admin CC (Quote Manager, level 2) cannot assign PC Internal (level 1): it is above the assigner's level.",
    );
  });

  it('lists every role of the catalog in force, in catalog order, with no reasons on allowed ones', () => {
    const r = assignableRoles(baseFleet(), 'u-admin');
    expect(r).toMatchObject({ userId: 'u-admin', targetId: null });
    expect(r.roles.map((x) => x.roleId)).toEqual(DEFAULT_SYSTEM_ROLES.map((x) => x.id));
    for (const role of r.roles) expect(role.allowed).toBe(role.reasons.length === 0);
    expect(codesOf(r, 'globalAdmin')).toEqual(['ROLE_SAME_LEVEL']);
  });

  it('without a target checks only the permission and the levels', () => {
    // A Distributor may assign the Customer role in general, although no target organization was checked.
    const r = assignableRoles(baseFleet(), 'u-dist');
    expect(allowedOf(r)).toEqual(['distributorTechnician', 'customer']);
    expect(r.roles.flatMap((x) => x.reasons.map((y) => y.code))).not.toContain('ROLE_NOT_FOR_ORG_TYPE');
  });

  it('lists every failing check: a disabled user without Manage users also fails the levels', () => {
    const f = baseFleet([user('u-off', 'o-north', 'technician', { status: 'disabled' })]);
    const r = assignableRoles(f, 'u-off', 'u-qm');
    expect(r.roles.every((x) => !x.allowed)).toBe(true);
    expect(codesOf(r, 'globalAdmin')).toEqual([
      'ASSIGNER_CANNOT_MANAGE_USERS',
      'ROLE_ABOVE_ASSIGNER',
      'TARGET_NOT_BELOW',
      'ROLE_NOT_FOR_ORG_TYPE',
    ]);
    expect(codesOf(r, 'internalSalesCC')).toEqual(['ASSIGNER_CANNOT_MANAGE_USERS', 'ROLE_SAME_LEVEL', 'TARGET_NOT_BELOW']);
    expect(codesOf(assignableRoles(f, 'u-off', 'u-cust'), 'customer')).toEqual(['ASSIGNER_CANNOT_MANAGE_USERS']);
    expect(r.roles[0].reasons[0].message).toMatch(
      /«Off» is disabled and their role Technician \(level 3\) lacks the Manage users permission/,
    );
  });

  it('an inactive user cannot assign even with Manage users', () => {
    const f = baseFleet([user('u-qm-off', 'o-north', 'internalAdminCC', { status: 'pendingVerification' })]);
    expect(codesOf(assignableRoles(f, 'u-qm-off'), 'technician')).toEqual(['ASSIGNER_CANNOT_MANAGE_USERS']);
  });

  it('the target must hold a role below the assigner', () => {
    const f = baseFleet([user('u-qm-2', 'o-north', 'internalAdminCC')]);
    const r = assignableRoles(f, 'u-qm', 'u-qm-2');
    expect(codesOf(r, 'technician')).toEqual(['TARGET_NOT_BELOW']);
    expect(allowedOf(assignableRoles(f, 'u-qm', 'u-tech'))).toEqual([
      'customerCenterOperations',
      'localDiagnosticEngineer',
      'internalSalesCC',
      'technician',
    ]);
  });

  it("the target's organization must lie in the assigner's scope", () => {
    const f = baseFleet([user('u-tech-south', 'o-south', 'technician')]);
    expect(codesOf(assignableRoles(f, 'u-qm', 'u-tech-south'), 'technician')).toEqual(['TARGET_OUT_OF_SCOPE']);
    // Product-company and global users have the whole fleet.
    expect(allowedOf(assignableRoles(f, 'u-admin', 'u-tech-south'))).toContain('technician');
  });

  it('scope.organizationIds narrows the organizations an assigner reaches; scope.siteIds does not', () => {
    const f = baseFleet([
      user('u-qm-bolt', 'o-north', 'internalAdminCC', { scope: { organizationIds: ['o-bolt'] } }),
      user('u-qm-sites', 'o-north', 'internalAdminCC', { scope: { siteIds: [] } }),
      user('u-qm-none', 'o-north', 'internalAdminCC', { scope: { organizationIds: [] } }),
      user('u-qm-wide', 'o-north', 'internalAdminCC', { scope: { organizationIds: ['o-south'] } }),
      user('u-bolt', 'o-bolt', 'customer'),
    ]);
    expect(codesOf(assignableRoles(f, 'u-qm-bolt', 'u-cust'), 'customer')).toEqual(['TARGET_OUT_OF_SCOPE']);
    expect(codesOf(assignableRoles(f, 'u-qm-bolt', 'u-bolt'), 'customer')).toEqual([]);
    expect(codesOf(assignableRoles(f, 'u-qm-sites', 'u-cust'), 'customer')).toEqual([]);
    expect(codesOf(assignableRoles(f, 'u-qm-none', 'u-bolt'), 'customer')).toEqual(['TARGET_OUT_OF_SCOPE']);
    // A scope never widens: CC South is not under CC North.
    expect(codesOf(assignableRoles(f, 'u-qm-wide', 'u-qm-south'), 'customer')).toContain('TARGET_OUT_OF_SCOPE');
  });

  it("the role must be meant for the target's organization type", () => {
    const r = assignableRoles(baseFleet(), 'u-qm', 'u-cust');
    expect(allowedOf(r)).toEqual(['customer']);
    expect(codesOf(r, 'distributorTechnician')).toEqual(['ROLE_NOT_FOR_ORG_TYPE']);
    expect(r.roles.find((x) => x.roleId === 'distributorTechnician')!.reasons[0].message).toBe(
      'Distributor Technician (level 5) is meant for distributor organizations, not for «Acme Mining» (a customer organization).',
    );
  });

  it('a user without a system role is below every role', () => {
    const f = baseFleet([user('u-none', 'o-north', null)]);
    const r = assignableRoles(f, 'u-none');
    expect(codesOf(r, 'customer')).toEqual(['ASSIGNER_CANNOT_MANAGE_USERS', 'ROLE_ABOVE_ASSIGNER']);
  });

  it('a target whose current role is not in the catalog is not shown to be below anyone', () => {
    const f = baseFleet([user('u-odd', 'o-acme', 'retiredRole')]);
    const r = assignableRoles(f, 'u-qm', 'u-odd');
    expect(codesOf(r, 'customer')).toEqual(['TARGET_NOT_BELOW']);
  });

  it("a snapshot's own catalog replaces the default one entirely", () => {
    const systemRoles = [
      {
        id: 'boss',
        name: 'Boss',
        level: 0,
        audience: 'internal',
        orgTypes: ['customerCenter'],
        permissions: ['manageUsers', 'internalUser'],
      },
      { id: 'worker', name: 'Worker', level: 1, audience: 'internal', orgTypes: ['customerCenter'], permissions: ['internalUser'] },
    ] as const;
    const f = fleetOf({
      organizations: [...ORGS],
      systemRoles: systemRoles.map((r) => ({ ...r, orgTypes: [...r.orgTypes], permissions: [...r.permissions] })),
      users: [user('u-b', 'o-north', 'boss'), user('u-w', 'o-north', 'worker')],
    });
    const r = assignableRoles(f, 'u-b', 'u-w');
    expect(r.roles.map((x) => [x.roleId, x.allowed])).toEqual([
      ['boss', false],
      ['worker', true],
    ]);
  });

  it('canAssign checks one role for a target described by organization and current role', () => {
    const f = baseFleet();
    const qm = f.userIndex.get('u-qm')!;
    expect(canAssign(f, qm, 'customer', { orgIdx: f.orgIndex.get('o-acme')!, currentRoleId: null })).toEqual({
      allowed: true,
      failures: [],
    });
    const out = canAssign(f, qm, 'customer', { orgIdx: f.orgIndex.get('o-cobalt')!, currentRoleId: 'pcInternal' });
    expect(out.failures.map((x) => x.code)).toEqual(['TARGET_NOT_BELOW', 'TARGET_OUT_OF_SCOPE']);
    expect(() => canAssign(f, qm, 'nope', null)).toThrow(UnknownIdError);
  });

  it('names unknown users', () => {
    const f = baseFleet();
    expect(() => assignableRoles(f, 'u-999')).toThrow(expect.objectContaining({ kind: 'user', id: 'u-999' }));
    expect(() => assignableRoles(f, 'u-qm', 'u-999')).toThrow(expect.objectContaining({ kind: 'user', id: 'u-999' }));
  });
});
