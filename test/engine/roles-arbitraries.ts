// fast-check arbitraries for the role rules: small random catalogs (levels, intended org types, permissions),
// organization trees, and users with random roles (sometimes none or unknown), statuses, scopes and registration.
import fc from 'fast-check';
import { compileFleet, type Fleet } from '../../core/engine/fleet';
import { ORG_TYPES, PERMISSION_IDS, USER_STATUSES } from '../../core/model/catalog';
import type { Organization, Snapshot, SystemRole, User } from '../../core/model/snapshot';

const roleArb = fc.record({
  level: fc.integer({ min: 0, max: 4 }),
  audience: fc.constantFrom('internal' as const, 'external' as const),
  orgTypes: fc.subarray([...ORG_TYPES]),
  // manageUsers often, so assignments are not vacuously refused.
  permissions: fc
    .tuple(fc.boolean(), fc.subarray([...PERMISSION_IDS].filter((p) => p !== 'manageUsers')))
    .map(([m, rest]) => (m ? ['manageUsers' as const, ...rest] : rest)),
});

const orgArb = fc.record({ type: fc.constantFrom(...ORG_TYPES), parent: fc.nat(), root: fc.boolean() });

const userArb = fc.record({
  org: fc.nat(),
  /** -1 none, -2 an id the catalog does not hold, else a catalog position (mod its length). */
  role: fc.oneof({ weight: 8, arbitrary: fc.nat() }, { weight: 1, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.constant(-2) }),
  status: fc.constantFrom(...USER_STATUSES, 'active' as const, 'active' as const),
  scopeOrgs: fc.option(fc.array(fc.nat(), { maxLength: 2 }), { freq: 3 }),
  requested: fc.option(fc.nat()),
  createdAt: fc.option(fc.integer({ min: 0, max: 1000 })),
});

export interface RoleWorld {
  snapshot: Snapshot;
  fleet: Fleet;
}

export const roleWorldArb: fc.Arbitrary<RoleWorld> = fc
  .record({
    roles: fc.array(roleArb, { minLength: 1, maxLength: 6 }),
    orgs: fc.array(orgArb, { minLength: 1, maxLength: 6 }),
    users: fc.array(userArb, { minLength: 1, maxLength: 7 }),
  })
  .map(({ roles, orgs, users }) => {
    const systemRoles: SystemRole[] = roles.map((r, i) => ({ id: i === 0 ? 'internalAdminCC' : `role-${i}`, name: `Role ${i}`, ...r }));
    const organizations: Organization[] = orgs.map((o, i) => ({
      id: `o-${i}`,
      name: `Org ${i}`,
      type: o.type,
      parentId: i === 0 || o.root ? null : `o-${o.parent % i}`,
    }));
    const userRecords: User[] = users.map((u, i) => {
      const roleId = u.role === -1 ? null : u.role === -2 ? 'unknown-role' : systemRoles[u.role % systemRoles.length].id;
      const status = roleId === null && i % 2 === 0 ? 'pendingVerification' : u.status;
      return {
        id: `u-${i}`,
        name: `User ${i}`,
        email: `u${i}@example.test`,
        organizationId: organizations[u.org % organizations.length].id,
        systemRoleId: roleId,
        status,
        invitedBy: null,
        ...(u.requested === null ? {} : { requestedRoleId: systemRoles[u.requested % systemRoles.length].id }),
        ...(u.createdAt === null ? {} : { createdAt: new Date(Date.UTC(2026, 0, 1) + u.createdAt * 60_000).toISOString() }),
        ...(u.scopeOrgs === null ? {} : { scope: { organizationIds: u.scopeOrgs.map((k) => organizations[k % organizations.length].id) } }),
      };
    });
    const snapshot: Snapshot = {
      version: 1,
      organizations,
      sites: [],
      systemRoles,
      users: userRecords,
      projects: [],
      projectRoles: [],
      memberships: [],
      assets: [],
      tickets: [],
    };
    return { snapshot, fleet: compileFleet(snapshot) };
  });
