import { describe, expect, it } from 'vitest';
import { baseFleet, user } from './roles-fixture';
import { invitation } from './worded';

describe('R7 invitations', () => {
  it("an invitee gets the inviter's role", () => {
    const inv = invitation(baseFleet(), 'u-qm', 'o-north');
    expect(inv).toMatchObject({ inviterId: 'u-qm', organizationId: 'o-north', defaultRoleId: 'internalAdminCC' });
    // The default is the one same-level role given; the rest follow R6 for a user with no role yet.
    expect(inv.allowedRoleIds).toEqual([
      'internalAdminCC',
      'customerCenterOperations',
      'localDiagnosticEngineer',
      'internalSalesCC',
      'technician',
    ]);
    expect(inv.reasons[0]).toMatchObject({ roleId: 'internalAdminCC', code: 'INVITE_DEFAULT_INVITER_ROLE' });
    expect(inv.reasons[0].message).toContain('Internal Admin CC (Quote Manager, level 2)');
  });

  it('a distributor invites a colleague as Distributor, and a customer only as Customer', () => {
    const f = baseFleet();
    expect(invitation(f, 'u-dist', 'o-dist')).toMatchObject({
      defaultRoleId: 'distributor',
      allowedRoleIds: ['distributor', 'distributorTechnician'],
    });
    const toCustomer = invitation(f, 'u-dist', 'o-acme');
    expect(toCustomer).toMatchObject({ defaultRoleId: null, allowedRoleIds: ['customer'] });
  });

  it("has no default when the inviter's role is not meant for the invitee's organization type, and says why", () => {
    const inv = invitation(baseFleet(), 'u-qm', 'o-acme');
    expect(inv.defaultRoleId).toBeNull();
    expect(inv.allowedRoleIds).toEqual(['customer']);
    expect(inv.reasons[0]).toMatchObject({ roleId: 'internalAdminCC', code: 'INVITE_NO_DEFAULT_ROLE' });
    expect(inv.reasons[0].message).toMatch(/meant for customer center organizations, not for «Acme Mining» \(a customer organization\)/);
    // Every role that is not allowed has its own failing checks, tagged with its id.
    const technician = inv.reasons.filter((r) => r.roleId === 'technician').map((r) => r.code);
    expect(technician).toEqual(['ROLE_NOT_FOR_ORG_TYPE']);
    expect(inv.reasons.filter((r) => r.roleId === 'customer')).toEqual([]);
  });

  it("the invitee's organization must be in the inviter's scope", () => {
    const inv = invitation(baseFleet(), 'u-qm', 'o-cobalt');
    expect(inv).toMatchObject({ defaultRoleId: null, allowedRoleIds: [] });
    expect(inv.reasons.map((r) => [r.roleId, r.code])).toEqual([[null, 'TARGET_OUT_OF_SCOPE']]);
  });

  it('the inviter needs Manage users and must be active', () => {
    const f = baseFleet([user('u-qm-off', 'o-north', 'internalAdminCC', { status: 'disabled' })]);
    for (const inviter of ['u-tech', 'u-qm-off']) {
      const inv = invitation(f, inviter, 'o-north');
      expect(inv).toMatchObject({ defaultRoleId: null, allowedRoleIds: [] });
      expect(inv.reasons.map((r) => [r.roleId, r.code])).toEqual([[null, 'ASSIGNER_CANNOT_MANAGE_USERS']]);
    }
  });

  it('an inviter without a system role gives no default', () => {
    const inv = invitation(baseFleet([user('u-none', 'o-north', null)]), 'u-none', 'o-north');
    expect(inv.defaultRoleId).toBeNull();
    expect(inv.reasons.map((r) => r.code)).toEqual(['ASSIGNER_CANNOT_MANAGE_USERS']);
  });

  it('names an unknown organization or inviter', () => {
    const f = baseFleet();
    expect(() => invitation(f, 'u-qm', 'o-nowhere')).toThrow(expect.objectContaining({ kind: 'organization', id: 'o-nowhere' }));
    expect(() => invitation(f, 'u-nobody', 'o-north')).toThrow(expect.objectContaining({ kind: 'user', id: 'u-nobody' }));
  });
});
