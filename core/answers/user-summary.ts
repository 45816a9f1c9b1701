// A user as every answer names them: the record's fields plus the organization's and system role's names.
import { systemRoleOf, type Fleet } from '../engine';
import type { UserSummary } from '../source/data-source';

export function userSummary(fleet: Fleet, userIdx: number): UserSummary {
  const u = fleet.snapshot.users[userIdx];
  const orgIdx = fleet.orgIndex.get(u.organizationId);
  const org = orgIdx === undefined ? null : fleet.snapshot.organizations[orgIdx];
  const role = systemRoleOf(fleet, userIdx);
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    status: u.status,
    organizationId: u.organizationId,
    organizationName: org?.name ?? null,
    organizationType: org?.type ?? null,
    systemRoleId: u.systemRoleId,
    systemRoleName: role?.name ?? null,
  };
}
