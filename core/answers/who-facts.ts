// "Who is this": the user, their system role, every catalog permission granted or not, their scope and their
// project memberships, named. Null for a user the cache does not hold.
import { PERMISSION_IDS, PERMISSION_LABELS } from '../model/catalog';
import { hasPermission, names, systemRoleOf, type Fleet } from '../engine';
import type { WhoFacts } from '../source/data-source';
import { userSummary } from './user-summary';

export function whoFacts(fleet: Fleet, userId: string): WhoFacts | null {
  const u = fleet.userIndex.get(userId);
  if (u === undefined) return null;
  const user = fleet.snapshot.users[u];
  const role = systemRoleOf(fleet, u);
  const scopeSet = user.scope !== undefined && (user.scope.organizationIds !== undefined || user.scope.siteIds !== undefined);
  return {
    user: userSummary(fleet, u),
    systemRole: role ? { id: role.id, name: role.name, level: role.level, audience: role.audience, orgTypes: role.orgTypes } : null,
    permissions: PERMISSION_IDS.map((p) => ({ id: p, label: PERMISSION_LABELS[p], granted: hasPermission(fleet, u, p) })),
    scope: scopeSet ? { organizationIds: user.scope!.organizationIds ?? null, siteIds: user.scope!.siteIds ?? null } : null,
    memberships: fleet.snapshot.memberships
      .filter((m) => m.userId === user.id)
      .map((m) => ({
        projectId: m.projectId,
        projectName: fleet.projectIndex.has(m.projectId) ? names.project(fleet, m.projectId) : null,
        projectRoleId: m.projectRoleId,
        projectRoleName: fleet.projectRoleIndex.has(m.projectRoleId) ? names.projectRole(fleet, m.projectRoleId) : null,
      })),
  };
}
