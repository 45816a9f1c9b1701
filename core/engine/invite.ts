// R7: what a user may offer someone they invite into an organization.
//
// `reasons` (SPEC leaves its shape open) is one list of `{roleId, code, …data}` (core/wording adds each message), in this order:
//   1. roleId null — checks that block the whole invitation, whatever the role: ASSIGNER_CANNOT_MANAGE_USERS
//      (inviter not active, or no Manage users permission) and TARGET_OUT_OF_SCOPE (the organization is outside
//      the inviter's scope). When any is present nothing is allowed and there is no default.
//   2. otherwise one note about the default: INVITE_DEFAULT_INVITER_ROLE (roleId = the default, the inviter's own
//      role) or INVITE_NO_DEFAULT_ROLE (roleId = the inviter's role or null: why there is none — the role is not
//      meant for the organization's type, or the inviter has none).
//   3. unless part 1 blocks the invitation, for each role of the catalog that is not allowed (catalog order), its
//      own failing R6 checks — levels and organization type — with roleId set.
// An allowed role has no entry of part 3; the default is allowed even though it is on the inviter's level. A
// blocked invitation lists only part 1: with nothing allowed, per-role detail would bury the one answer.
import type { Invitation, InviteNote, InviteReasonData } from './role-types';
import { type Fleet, organizationIdxOf, systemRoleOf, userIdxOf } from './fleet';
import { type AssignTarget, canAssign, catalogInForce, manageUsersFailure, orgRef, roleRef, scopeFailure } from './roles';

export type { Invitation } from './role-types';

export function invitation(fleet: Fleet, userId: string, orgId: string): Invitation {
  const inviterIdx = userIdxOf(fleet, userId);
  const orgIdx = organizationIdxOf(fleet, orgId);
  const target: AssignTarget = { orgIdx, currentRoleId: null, orgId };
  const reasons: InviteReasonData[] = [];

  const blocking = [manageUsersFailure(fleet, inviterIdx), scopeFailure(fleet, inviterIdx, target)].filter((f) => f !== null);
  for (const f of blocking) reasons.push({ roleId: null, ...f });

  let defaultRoleId: string | null = null;
  if (blocking.length === 0) {
    const own = systemRoleOf(fleet, inviterIdx);
    const org = orgRef(fleet, orgIdx);
    let note: InviteNote;
    if (own !== null && org.type !== null && own.orgTypes.includes(org.type)) {
      defaultRoleId = own.id;
      note = { code: 'INVITE_DEFAULT_INVITER_ROLE', role: roleRef(own) };
    } else {
      note = {
        code: 'INVITE_NO_DEFAULT_ROLE',
        inviterRole: own ? { ...roleRef(own), orgTypes: [...own.orgTypes] } : null,
        organization: org,
      };
    }
    reasons.push({ roleId: own?.id ?? null, ...note });
  }

  const allowedRoleIds: string[] = [];
  for (const role of catalogInForce(fleet)) {
    if (role.id === defaultRoleId) {
      allowedRoleIds.push(role.id);
      continue;
    }
    const check = canAssign(fleet, inviterIdx, role.id, target);
    if (check.allowed) allowedRoleIds.push(role.id);
    // With part 1 passed, what fails here is the role's own checks (levels, organization type).
    else if (blocking.length === 0) for (const f of check.failures) reasons.push({ roleId: role.id, ...f });
  }
  return { inviterId: userId, organizationId: orgId, defaultRoleId, allowedRoleIds, reasons };
}
