// R6: who may give which system role to whom. `canAssign` is the one check (reused by invitations, R7, and
// verification, R8); `assignableRoles` runs it over the catalog in force for the `assignable` view.
//
// Decisions (SPEC leaves them open):
// - Every failing check is reported, not just the first (SPEC §6), so a role can carry several reasons.
// - An assigner with no system role (or an unknown one) is below every role: ROLE_ABOVE_ASSIGNER for all of them,
//   besides ASSIGNER_CANNOT_MANAGE_USERS.
// - A target whose current role id is unknown to the catalog fails TARGET_NOT_BELOW: its level cannot be shown to
//   be below the assigner's, and an access tool should not guess in the permissive direction.
// - A target organization that does not exist fails ROLE_NOT_FOR_ORG_TYPE (it has no type); its scope check reads
//   the id as given (SPEC §7): a whole-fleet assigner holds it, others only when it lies under their organization.
// - A catalog with duplicate role ids lists each id once (first wins, as everywhere); lint reports the rest.
import type { AssignableRoles, OrgRef, PartyRef, RoleCheck, RoleCheckFailure, RoleRef } from './role-types';
import { type Fleet, hasPermission, systemRoleOf, UnknownIdError, userIdxOf, userOrgScopeContains } from './fleet';
import { userAt } from './compiled-items';

export type { AssignableRoles, OrgRef, PartyRef, RoleCheck, RoleCheckFailure, RoleRef } from './role-types';

/** Who receives the role: their organization and the role they hold now (null: none, e.g. a new user). */
export interface AssignTarget {
  /** Organization key (fleet.orgKeyIds): known organizations keep their snapshot index. */
  orgIdx: number;
  currentRoleId: string | null;
  /** The organization's id, for wording when it does not exist (orgIdx -1). */
  orgId?: string;
}

export const roleRef = (r: { id: string; name: string; level: number }): RoleRef => ({ id: r.id, name: r.name, level: r.level });

export function partyRef(fleet: Fleet, userIdx: number): PartyRef {
  const u = fleet.snapshot.users[userIdx];
  return { id: u.id, name: u.name };
}

/** `orgIdx` is an organization key (fleet.orgKeyIds); an unknown organization has no type. */
export function orgRef(fleet: Fleet, orgIdx: number, idWhenUnknown = ''): OrgRef {
  if (orgIdx < 0 || orgIdx >= fleet.snapshot.organizations.length) {
    const id = fleet.orgKeyIds[orgIdx] ?? idWhenUnknown;
    return { id, name: id, type: null };
  }
  const o = fleet.snapshot.organizations[orgIdx];
  return { id: o.id, name: o.name, type: o.type };
}

/** The system role with this id in the catalog in force (first wins). */
export function catalogRole(fleet: Fleet, roleId: string) {
  const i = fleet.systemRoleIndex.get(roleId);
  if (i === undefined) throw new UnknownIdError('systemRole', roleId);
  return fleet.systemRoles[i];
}

/** The catalog in force, each id once, in catalog order. */
export function catalogInForce(fleet: Fleet) {
  return fleet.systemRoles.filter((r, i) => fleet.systemRoleIndex.get(r.id) === i);
}

/**
 * May `assignerIdx` give `roleId` to `target`? Runs every R6 check and returns all that fail. With `target` null
 * only the assigner's permission and the levels are checked (SPEC §6).
 */
export function canAssign(fleet: Fleet, assignerIdx: number, roleId: string, target: AssignTarget | null): RoleCheck {
  const role = catalogRole(fleet, roleId);
  const own = systemRoleOf(fleet, assignerIdx);
  const ownRef = own ? roleRef(own) : null;
  const failures: RoleCheckFailure[] = [];

  const manage = manageUsersFailure(fleet, assignerIdx);
  if (manage) failures.push(manage);
  if (own === null || role.level < own.level) failures.push({ code: 'ROLE_ABOVE_ASSIGNER', role: roleRef(role), assignerRole: ownRef });
  else if (role.level === own.level) failures.push({ code: 'ROLE_SAME_LEVEL', role: roleRef(role), assignerRole: roleRef(own) });

  if (target !== null) {
    if (target.currentRoleId !== null) {
      const ti = fleet.systemRoleIndex.get(target.currentRoleId);
      const current = ti === undefined ? null : fleet.systemRoles[ti];
      if (current === null) {
        failures.push({
          code: 'TARGET_NOT_BELOW',
          targetRole: { id: target.currentRoleId, name: target.currentRoleId, level: null },
          assignerRole: ownRef,
        });
      } else if (own === null || current.level <= own.level) {
        failures.push({ code: 'TARGET_NOT_BELOW', targetRole: roleRef(current), assignerRole: ownRef });
      }
    }
    const scope = scopeFailure(fleet, assignerIdx, target);
    if (scope) failures.push(scope);
    const organization = orgRef(fleet, target.orgIdx, target.orgId ?? '');
    if (organization.type === null || !role.orgTypes.includes(organization.type)) {
      failures.push({ code: 'ROLE_NOT_FOR_ORG_TYPE', role: { ...roleRef(role), orgTypes: [...role.orgTypes] }, organization });
    }
  }
  return { allowed: failures.length === 0, failures };
}

/** R6's first check, which does not depend on the role: the assigner is active and holds manageUsers. */
export function manageUsersFailure(fleet: Fleet, assignerIdx: number): RoleCheckFailure | null {
  const manages = hasPermission(fleet, assignerIdx, 'manageUsers');
  if (userAt(fleet, assignerIdx).active && manages) return null;
  const own = systemRoleOf(fleet, assignerIdx);
  return {
    code: 'ASSIGNER_CANNOT_MANAGE_USERS',
    assigner: partyRef(fleet, assignerIdx),
    assignerRole: own ? roleRef(own) : null,
    status: fleet.snapshot.users[assignerIdx].status,
    hasManageUsers: manages,
  };
}

/** R6's scope check, which does not depend on the role: the target's organization lies in the assigner's scope. */
export function scopeFailure(fleet: Fleet, assignerIdx: number, target: AssignTarget): RoleCheckFailure | null {
  if (userOrgScopeContains(fleet, assignerIdx, target.orgIdx)) return null;
  return {
    code: 'TARGET_OUT_OF_SCOPE',
    assigner: partyRef(fleet, assignerIdx),
    organization: orgRef(fleet, target.orgIdx, target.orgId ?? ''),
  };
}

/** The `assignable` view: every role of the catalog in force, in catalog order, with why it is or is not allowed. */
export function assignableRoles(fleet: Fleet, userId: string, targetId?: string | null): AssignableRoles {
  const assignerIdx = userIdxOf(fleet, userId);
  let target: AssignTarget | null = null;
  if (targetId !== undefined && targetId !== null) {
    const t = userIdxOf(fleet, targetId);
    const record = fleet.snapshot.users[t];
    // A target whose organization id dangles keeps that id in the wording.
    target = { orgIdx: userAt(fleet, t).orgIdx, currentRoleId: record.systemRoleId, orgId: record.organizationId };
  }
  const roles = catalogInForce(fleet).map((r) => {
    const check = canAssign(fleet, assignerIdx, r.id, target);
    return { roleId: r.id, allowed: check.allowed, reasons: check.failures };
  });
  return { userId, targetId: targetId ?? null, roles };
}
