// Words for the reasons of "who can see this asset": one line per group of users, said about the group (never one
// user's name), from the deciding step's data (core/engine/who-can-see.ts).
import type { AudienceReason } from '../engine/who-can-see';
import { names, type Fleet } from '../engine/fleet';
import { statusWord } from './words';
import { orgName, projectName, q, roleName, siteName, wordAccessStep } from './access';


export function wordAudienceReason(f: Fleet, r: AudienceReason): string {
  switch (r.code) {
    case 'USER_NOT_ACTIVE':
      return `Not active (${statusWord(r.status)}): they see nothing.`;
    case 'SYSTEM_FULL_ACCESS':
      return `System role ${q(names.systemRole(f, r.systemRoleId ?? 'globalAdmin'))}: full access to every asset.`;
    case 'OUT_OF_SCOPE': {
      const where = `site ${siteName(f, r.siteId)}${r.organizationId ? ` (organization ${orgName(f, r.organizationId)})` : ''}`;
      if (r.scopeFailure === 'siteUnknown') return `Out of scope: the asset's site ${q(r.siteId ?? '?')} is not in the data.`;
      if (r.scopeFailure === 'outsideOrganization') return `Out of scope: ${where} is not under their organization.`;
      return `Out of scope: their scope lists do not include ${where}.`;
    }
    case 'NO_PROJECT_ROLE':
      if (r.danglingProjectRoleId) return `Their role in project ${projectName(f, r.projectId)} (${q(r.danglingProjectRoleId)}) is not in the data.`;
      return `No project role in project ${projectName(f, r.projectId)}.`;
    case 'PROJECT_ROLE':
      return `Project role ${roleName(f, r.projectRoleId)} in project ${projectName(f, r.projectId)}.`;
    case 'USER_ACTIVE':
    case 'IN_SCOPE':
      // Never deciding in practice (a later step always follows); said plainly all the same.
      return r.code === 'USER_ACTIVE' ? 'Active.' : 'In scope.';
    default:
      // The role and tag steps are about the role, not the user: their step words fit the group as they are.
      return wordAccessStep(f, { ...r, tags: r.tags });
  }
}

