// R8: the registrants a user may verify, oldest first, with who they are and the suggested and allowed roles,
// named. Throws UnknownIdError for an unknown user.
import { names, verifyQueue, type Fleet } from '../engine';
import type { VerifyQueue } from '../source/data-source';

export function verifyQueueAnswer(fleet: Fleet, userId: string): VerifyQueue {
  const q = verifyQueue(fleet, userId);
  const role = (id: string) => ({ id, name: names.systemRole(fleet, id) });
  return {
    userId: q.userId,
    pending: q.pending.map((p) => {
      const u = fleet.snapshot.users[fleet.userIndex.get(p.userId)!];
      return {
        userId: p.userId,
        name: u.name,
        email: u.email,
        organizationId: p.organizationId,
        organizationName: fleet.orgIndex.has(p.organizationId) ? names.organization(fleet, p.organizationId) : null,
        createdAt: u.createdAt ?? null,
        requestedRoleId: u.requestedRoleId ?? null,
        suggestedRole: p.suggestedRoleId === null ? null : role(p.suggestedRoleId),
        allowedRoles: p.allowedRoleIds.map(role),
      };
    }),
  };
}
