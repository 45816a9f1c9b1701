// R11 lint finding types: a leaf of types only, filled by core/engine/lint.ts and worded by core/wording/lint.ts.
import type { CollectionName } from '../model/snapshot';

export const LINT_CODES = [
  'DUPLICATE_ID',
  'DANGLING_REFERENCE',
  'ORGANIZATION_CYCLE',
  'UNTAGGED_ACCESS_NO_EFFECT',
  'TAG_UNUSED',
  'PROJECT_ROLE_UNUSED',
  'SYSTEM_ROLE_NOT_FOR_ORG_TYPE',
  'REGISTRANT_UNVERIFIABLE',
  'INTERNAL_USER_AUDIENCE_MISMATCH',
] as const;
export type LintCode = (typeof LINT_CODES)[number];

/** What a reference field points at. */
export type ReferenceTarget = 'organization' | 'site' | 'systemRole' | 'user' | 'project' | 'projectRole' | 'asset' | 'ticket';

export interface Named {
  id: string;
  name: string;
}

/** The data of a problem; core/wording/lint turns it into the message. */
export type LintFinding =
  | { code: 'DUPLICATE_ID'; path: string; collection: CollectionName; id: string; firstPath: string }
  | { code: 'DANGLING_REFERENCE'; path: string; recordLabel: string; target: ReferenceTarget; targetId: string }
  | { code: 'ORGANIZATION_CYCLE'; path: string; cycle: Named[] }
  | { code: 'UNTAGGED_ACCESS_NO_EFFECT'; path: string; role: Named }
  | { code: 'TAG_UNUSED'; path: string; role: Named; tag: string }
  | { code: 'PROJECT_ROLE_UNUSED'; path: string; role: Named }
  | {
      code: 'SYSTEM_ROLE_NOT_FOR_ORG_TYPE';
      path: string;
      user: Named;
      role: Named & { level: number; orgTypes: string[] };
      organization: Named & { type: string };
    }
  | {
      code: 'REGISTRANT_UNVERIFIABLE';
      path: string;
      user: Named;
      organization: (Named & { type: string }) | null;
      /** noVerifier: no active Quote Manager has the organization in scope; noAssignableRole: some do, none may give it a role. */
      reason: 'unknownOrganization' | 'noVerifier' | 'noAssignableRole';
      verifierCount: number;
    }
  | {
      code: 'INTERNAL_USER_AUDIENCE_MISMATCH';
      path: string;
      role: Named & { level: number; audience: string };
      hasInternalUser: boolean;
    };

/** R11 as data: every problem in record order (core/wording/lint adds each message). */
export interface LintResult {
  problems: LintFinding[];
}
