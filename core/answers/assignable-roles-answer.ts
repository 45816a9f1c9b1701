// R6: the system roles a user may assign (to a target, or to anyone), each allowed or not with the engine's
// reasons, named and levelled. Throws UnknownIdError for an unknown user or target.
import { assignableRoles, names, type Fleet } from '../engine';
import { wordAssignableRoles } from '../wording/roles';
import type { AssignableRoles } from '../source/data-source';

export function assignableRolesAnswer(fleet: Fleet, userId: string, targetId: string | null): AssignableRoles {
  const result = wordAssignableRoles(assignableRoles(fleet, userId, targetId));
  const byId = new Map(fleet.systemRoles.map((r) => [r.id, r]));
  return {
    userId: result.userId,
    targetId: result.targetId,
    targetName: targetId === null ? null : names.user(fleet, targetId),
    roles: result.roles.map((r) => ({
      roleId: r.roleId,
      roleName: byId.get(r.roleId)?.name ?? r.roleId,
      level: byId.get(r.roleId)?.level ?? 0,
      allowed: r.allowed,
      reasons: r.reasons.map((x) => ({ code: x.code, message: x.message })),
    })),
  };
}
