// R6/R7 decision types (who may give which system role; invitations): a leaf of types only, filled by
// core/engine/roles.ts and invite.ts and worded by core/wording/roles.ts.
import type { OrgType, UserStatus } from '../model/catalog';

export interface RoleRef {
  id: string;
  name: string;
  level: number;
}
export interface PartyRef {
  id: string;
  name: string;
}
export interface OrgRef {
  id: string;
  name: string;
  /** null when the organization does not exist. */
  type: OrgType | null;
}

/** One failing R6 check, as data; core/wording/roles words it. */
export type RoleCheckFailure =
  | { code: 'ASSIGNER_CANNOT_MANAGE_USERS'; assigner: PartyRef; assignerRole: RoleRef | null; status: UserStatus; hasManageUsers: boolean }
  | { code: 'ROLE_ABOVE_ASSIGNER'; role: RoleRef; assignerRole: RoleRef | null }
  | { code: 'ROLE_SAME_LEVEL'; role: RoleRef; assignerRole: RoleRef }
  | { code: 'TARGET_NOT_BELOW'; targetRole: RoleRef | { id: string; name: string; level: null }; assignerRole: RoleRef | null }
  | { code: 'TARGET_OUT_OF_SCOPE'; assigner: PartyRef; organization: OrgRef }
  | { code: 'ROLE_NOT_FOR_ORG_TYPE'; role: RoleRef & { orgTypes: OrgType[] }; organization: OrgRef };

export interface RoleCheck {
  allowed: boolean;
  failures: RoleCheckFailure[];
}

/** The `assignable` view as data: every role of the catalog in force with its failing checks. */
export interface AssignableRoles {
  userId: string;
  targetId: string | null;
  roles: { roleId: string; allowed: boolean; reasons: RoleCheckFailure[] }[];
}

export type InviteNote =
  | { code: 'INVITE_DEFAULT_INVITER_ROLE'; role: RoleRef }
  | { code: 'INVITE_NO_DEFAULT_ROLE'; inviterRole: (RoleRef & { orgTypes: OrgType[] }) | null; organization: OrgRef };

/** One reason of an invitation: a failing R6 check or the note about the default, tagged with the role it is about. */
export type InviteReasonData = { roleId: string | null } & (RoleCheckFailure | InviteNote);

export interface Invitation {
  inviterId: string;
  organizationId: string;
  defaultRoleId: string | null;
  allowedRoleIds: string[];
  reasons: InviteReasonData[];
}
