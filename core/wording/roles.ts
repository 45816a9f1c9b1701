// Plain-English wording for role assignment (R6), invitations (R7) and verification (R8). System roles are named
// with their level, e.g. "Internal Admin CC (Quote Manager, level 2) cannot assign PC Internal (level 1): …";
// users and organizations are «quoted» like in the access wording; ids appear only when a record is missing.
import type { AssignableRoles, Invitation, InviteNote, OrgRef, PartyRef, RoleCheckFailure } from '../engine/role-types';
import { wordBy, type WordsFor } from './table';
import { orgTypeWord, statusWord } from './words';

const id = (s: string) => JSON.stringify(s);
/** «Name», or the id when the record has no name. */
export const named = (x: { id: string; name: string }) => (x.name.trim() === '' ? id(x.id) : `«${x.name}»`);

/** "PC Internal (level 1)"; a name that already ends in brackets gets the level inside them. */
export function roleLabel(r: { id: string; name: string; level: number | null }): string {
  const name = r.name.trim() === '' ? id(r.id) : r.name.trim();
  if (r.level === null) return name;
  const m = /^(.*\S)\s*\(([^()]*)\)$/.exec(name);
  return m ? `${m[1]} (${m[2]}, level ${r.level})` : `${name} (level ${r.level})`;
}

export function orgLabel(o: OrgRef): string {
  if (o.type === null) return `organization ${id(o.id)}, which does not exist`;
  return `${named(o)} (a ${orgTypeWord(o.type)} organization)`;
}

export const orgTypesText = (types: readonly string[]) =>
  types.length === 0 ? 'no organization type' : `${types.map(orgTypeWord).join(' or ')} organizations`;

const possessive = (p: PartyRef) => `${named(p)}'s`;
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const ROLE_CHECK_WORDS: WordsFor<RoleCheckFailure> = {
  ASSIGNER_CANNOT_MANAGE_USERS: (f) => {
    const parts: string[] = [];
    if (f.status !== 'active') parts.push(`${named(f.assigner)} is ${statusWord(f.status)}`);
    if (!f.hasManageUsers) {
      const subject = parts.length ? 'their' : possessive(f.assigner);
      parts.push(
        f.assignerRole === null
          ? `${parts.length ? '' : `${named(f.assigner)} `}has no system role`.trim()
          : `${subject} role ${roleLabel(f.assignerRole)} lacks the Manage users permission`,
      );
    }
    return `${parts.join(' and ')}, so they cannot assign roles.`;
  },
  ROLE_ABOVE_ASSIGNER: (f) =>
    f.assignerRole === null
      ? `${roleLabel(f.role)} cannot be assigned by a user without a system role: every role is above them.`
      : `${roleLabel(f.assignerRole)} cannot assign ${roleLabel(f.role)}: it is above the assigner's level.`,
  ROLE_SAME_LEVEL: (f) => `${roleLabel(f.assignerRole)} cannot assign ${roleLabel(f.role)}: it is on the assigner's own level.`,
  TARGET_NOT_BELOW: (f) => {
    const assigner = f.assignerRole === null ? 'the assigner, who has no system role' : `the assigner's role ${roleLabel(f.assignerRole)}`;
    if (f.targetRole.level === null)
      return `The target's current role ${id(f.targetRole.id)} is not in the catalog, so it cannot be shown to be below ${assigner}.`;
    return `The target's current role ${roleLabel(f.targetRole)} is not below ${assigner}.`;
  },
  TARGET_OUT_OF_SCOPE: (f) =>
    f.organization.type === null
      ? `The target belongs to ${orgLabel(f.organization)}, so it is outside ${possessive(f.assigner)} scope.`
      : `${capitalize(orgLabel(f.organization))} is outside ${possessive(f.assigner)} scope.`,
  ROLE_NOT_FOR_ORG_TYPE: (f) =>
    f.organization.type === null
      ? `${roleLabel(f.role)} is meant for ${orgTypesText(f.role.orgTypes)}; the target belongs to ${orgLabel(f.organization)}.`
      : `${roleLabel(f.role)} is meant for ${orgTypesText(f.role.orgTypes)}, not for ${orgLabel(f.organization)}.`,
};

const INVITE_NOTE_WORDS: WordsFor<InviteNote> = {
  INVITE_DEFAULT_INVITER_ROLE: (n) =>
    `New users get the inviter's own role, ${roleLabel(n.role)}, by default: the one case where a role on the inviter's own level is given.`,
  INVITE_NO_DEFAULT_ROLE: (n) =>
    n.inviterRole === null
      ? 'There is no default role: the inviter has no system role to pass on.'
      : `There is no default role: the inviter's role ${roleLabel(n.inviterRole)} is meant for ${orgTypesText(n.inviterRole.orgTypes)}, not for ${orgLabel(n.organization)}.`,
};

export const describeRoleCheck = (f: RoleCheckFailure): string => wordBy(ROLE_CHECK_WORDS, f);
export const describeInviteNote = (n: InviteNote): string => wordBy(INVITE_NOTE_WORDS, n);

/** A failing check or note as the answers carry it: its code and its message. */
export interface Reason {
  code: string;
  message: string;
}
export const roleCheckReason = (f: RoleCheckFailure): Reason => ({ code: f.code, message: describeRoleCheck(f) });

export type WordedAssignableRoles = Omit<AssignableRoles, 'roles'> & { roles: { roleId: string; allowed: boolean; reasons: Reason[] }[] };

export function wordAssignableRoles(a: AssignableRoles): WordedAssignableRoles {
  return { ...a, roles: a.roles.map((r) => ({ ...r, reasons: r.reasons.map(roleCheckReason) })) };
}

export type WordedInvitation = Omit<Invitation, 'reasons'> & { reasons: ({ roleId: string | null } & Reason)[] };

export function wordInvitation(inv: Invitation): WordedInvitation {
  return {
    ...inv,
    reasons: inv.reasons.map((r) => ({
      roleId: r.roleId,
      code: r.code,
      message:
        r.code === 'INVITE_DEFAULT_INVITER_ROLE' || r.code === 'INVITE_NO_DEFAULT_ROLE' ? describeInviteNote(r) : describeRoleCheck(r),
    })),
  };
}
