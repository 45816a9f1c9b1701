// R1/R10 feature decision types: a leaf of types only, filled by core/engine/features.ts and worded by core/wording.
import type { ProjectRole } from '../model/snapshot';

export type FeaturesCode = 'USER_NOT_ACTIVE' | 'SYSTEM_FULL_ACCESS' | 'PROJECT_ROLE' | 'NO_PROJECT_ROLE';
export type FunctionCode = 'NO_ACCESS' | 'SWITCH_OFF' | 'NO_READ' | 'READ_ONLY' | 'READ_WRITE';
export type AccessLevel = 'none' | 'read' | 'write';

export interface FunctionAccess {
  /** `groupId.functionId` */
  id: string;
  read: boolean;
  write: boolean;
  code: FunctionCode;
}

export interface ProjectFeatures {
  userId: string;
  projectId: string;
  projectRoleId: string | null;
  code: FeaturesCode;
  /** The user's system role id (SYSTEM_FULL_ACCESS names it); not part of the CLI's JSON, which the wording rebuilds. */
  systemRoleId: string | null;
  functions: FunctionAccess[];
  menu: { groupId: string; visible: boolean }[];
  /** R10 [B]: the role's default map section. */
  location: ProjectRole['location'];
  /** R10 [D]: projects whose memberships use the role (snapshot order). */
  usedInProjects: string[];
}
