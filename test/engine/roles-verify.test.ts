import { describe, expect, it } from 'vitest';
import { verifiersOf, verifyQueue } from '../../core/engine/verify-queue';
import { DEFAULT_SYSTEM_ROLES, type OrgType } from '../../core/model/catalog';
import type { SystemRole } from '../../core/model/snapshot';
import { baseFleet, fleetOf, ORGS, user } from './roles-fixture';

const registrant = (id: string, org: string, extra: Parameters<typeof user>[3] = {}) =>
  user(id, org, null, { status: 'pendingVerification', ...extra });

describe('R8 self-registration', () => {
  it('a self-registrant is verified by a Quote Manager', () => {
    const f = baseFleet([registrant('u-reg', 'o-acme', { requestedRoleId: 'customer', createdAt: '2026-03-01T10:00:00Z' })]);
    expect(verifiersOf(f, f.userIndex.get('u-reg')!).map((i) => f.snapshot.users[i].id)).toEqual(['u-qm']);
    expect(verifyQueue(f, 'u-qm')).toEqual({
      userId: 'u-qm',
      pending: [{ userId: 'u-reg', organizationId: 'o-acme', suggestedRoleId: 'customer', allowedRoleIds: ['customer'] }],
    });
    // The other customer center's Quote Manager does not have Acme in scope.
    expect(verifyQueue(f, 'u-qm-south').pending).toEqual([]);
  });

  it('only active Quote Managers have a queue', () => {
    const f = baseFleet([registrant('u-reg', 'o-acme'), user('u-qm-off', 'o-north', 'internalAdminCC', { status: 'disabled' })]);
    for (const other of ['u-admin', 'u-pc', 'u-ops', 'u-dist', 'u-qm-off']) expect(verifyQueue(f, other).pending).toEqual([]);
    expect(verifyQueue(f, 'u-qm').pending).toHaveLength(1);
  });

  it('lists the oldest registration first, then by id, and registrations without a date last', () => {
    const f = baseFleet([
      registrant('u-r-nodate-b', 'o-acme'),
      registrant('u-r-late', 'o-acme', { createdAt: '2026-03-02T00:00:00Z' }),
      registrant('u-r-nodate-a', 'o-acme'),
      // 23:30 on the 1st at -02:00 is 01:30Z on the 2nd: as text it would sort before "late", as an instant it is after.
      registrant('u-r-offset', 'o-acme', { createdAt: '2026-03-01T23:30:00-02:00' }),
      registrant('u-r-early-b', 'o-bolt', { createdAt: '2026-03-01T00:00:00Z' }),
      registrant('u-r-early-a', 'o-dist', { createdAt: '2026-03-01T00:00:00.000Z' }),
    ]);
    expect(verifyQueue(f, 'u-qm').pending.map((p) => p.userId)).toEqual([
      'u-r-early-a',
      'u-r-early-b',
      'u-r-late',
      'u-r-offset',
      'u-r-nodate-a',
      'u-r-nodate-b',
    ]);
  });

  it('only users pending verification without a role are registrants', () => {
    const f = baseFleet([
      user('u-pending-with-role', 'o-acme', 'customer', { status: 'pendingVerification' }),
      user('u-active-without-role', 'o-acme', null),
      registrant('u-reg', 'o-acme'),
    ]);
    expect(verifyQueue(f, 'u-qm').pending.map((p) => p.userId)).toEqual(['u-reg']);
  });

  it('suggests the requested role only when the verifier may give it', () => {
    const f = baseFleet([
      registrant('u-reg-admin', 'o-dist', { requestedRoleId: 'globalAdmin' }),
      registrant('u-reg-dist', 'o-dist', { requestedRoleId: 'distributor' }),
    ]);
    const [a, b] = verifyQueue(f, 'u-qm').pending;
    expect(a).toMatchObject({
      userId: 'u-reg-admin',
      suggestedRoleId: 'distributorTechnician',
      allowedRoleIds: ['distributor', 'distributorTechnician'],
    });
    expect(b).toMatchObject({ userId: 'u-reg-dist', suggestedRoleId: 'distributor' });
  });

  it('otherwise suggests the allowed role with the fewest permissions, ties going to catalog order', () => {
    const cc: OrgType[] = ['customerCenter'];
    const systemRoles: SystemRole[] = [
      ...DEFAULT_SYSTEM_ROLES.filter((r) => r.id === 'internalAdminCC'),
      {
        id: 'big',
        name: 'Big',
        level: 3,
        audience: 'internal',
        orgTypes: cc,
        permissions: ['internalUser', 'manageFleet', 'manageResources'],
      },
      { id: 'tieFirst', name: 'Tie first', level: 4, audience: 'internal', orgTypes: cc, permissions: ['internalUser', 'manageFleet'] },
      {
        id: 'tieSecond',
        name: 'Tie second',
        level: 3,
        audience: 'internal',
        orgTypes: cc,
        permissions: ['internalUser', 'runningHoursOverview'],
      },
      { id: 'tiny', name: 'Tiny but customer only', level: 5, audience: 'external', orgTypes: ['customer'], permissions: [] },
    ].map((r) => ({ ...r, orgTypes: [...r.orgTypes], permissions: [...r.permissions] }) as SystemRole);
    const f = fleetOf({
      organizations: [...ORGS],
      systemRoles,
      users: [user('u-qm', 'o-north', 'internalAdminCC'), registrant('u-reg', 'o-north')],
    });
    expect(verifyQueue(f, 'u-qm').pending[0]).toMatchObject({
      suggestedRoleId: 'tieFirst',
      allowedRoleIds: ['big', 'tieFirst', 'tieSecond'],
    });
  });

  it('lists a registrant in scope even when the verifier can give it no role', () => {
    // Registrants in a global organization: no role below level 2 is meant for it.
    const f = baseFleet([user('u-qm-wide', 'o-pc', 'internalAdminCC'), registrant('u-reg-global', 'o-global')]);
    expect(verifyQueue(f, 'u-qm-wide').pending).toEqual([
      { userId: 'u-reg-global', organizationId: 'o-global', suggestedRoleId: null, allowedRoleIds: [] },
    ]);
  });

  it("a Quote Manager's scope list narrows the queue", () => {
    const f = baseFleet([
      user('u-qm-bolt', 'o-north', 'internalAdminCC', { scope: { organizationIds: ['o-bolt'] } }),
      registrant('u-reg-acme', 'o-acme'),
      registrant('u-reg-bolt', 'o-bolt'),
    ]);
    expect(verifyQueue(f, 'u-qm-bolt').pending.map((p) => p.userId)).toEqual(['u-reg-bolt']);
    expect(verifiersOf(f, f.userIndex.get('u-reg-acme')!).map((i) => f.snapshot.users[i].id)).toEqual(['u-qm']);
  });

  it('names an unknown verifier', () => {
    expect(() => verifyQueue(baseFleet(), 'u-999')).toThrow(expect.objectContaining({ kind: 'user', id: 'u-999' }));
  });
});
