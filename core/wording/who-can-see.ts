// Words for the reasons of "who can see this asset": one line per group of users, said about the group (never one
// user's name), from the deciding step's data (core/engine/who-can-see.ts).
import type { AudienceReason } from '../engine/access-types';
import type { AccessCode } from '../engine/codes';
import type { Fleet } from '../engine/fleet-types';
import { names } from '../engine/names';
import { statusWord } from './words';
import { orgName, projectName, q, roleName, siteName, wordAccessStep } from './access';

/** The role and tag steps are about the role, not the user: their step words fit the group as they are. */
const asStep = (f: Fleet, r: AudienceReason) => wordAccessStep(f, { ...r, tags: r.tags });

/** One line per deciding code; the compiler keeps it complete. */
const AUDIENCE_WORDS: Record<AccessCode, (f: Fleet, r: AudienceReason) => string> = {
  USER_NOT_ACTIVE: (_f, r) => `Not active (${statusWord(r.status)}): they see nothing.`,
  SYSTEM_FULL_ACCESS: (f, r) => `System role ${q(names.systemRole(f, r.systemRoleId ?? 'globalAdmin'))}: full access to every asset.`,
  OUT_OF_SCOPE: (f, r) => {
    const where = `site ${siteName(f, r.siteId)}${r.organizationId ? ` (organization ${orgName(f, r.organizationId)})` : ''}`;
    if (r.scopeFailure === 'siteUnknown') return `Out of scope: the asset's site ${q(r.siteId ?? '?')} is not in the data.`;
    if (r.scopeFailure === 'outsideOrganization') return `Out of scope: ${where} is not under their organization.`;
    return `Out of scope: their scope lists do not include ${where}.`;
  },
  NO_PROJECT_ROLE: (f, r) =>
    r.danglingProjectRoleId
      ? `Their role in project ${projectName(f, r.projectId)} (${q(r.danglingProjectRoleId)}) is not in the data.`
      : `No project role in project ${projectName(f, r.projectId)}.`,
  PROJECT_ROLE: (f, r) => `Project role ${roleName(f, r.projectRoleId)} in project ${projectName(f, r.projectId)}.`,
  // Never deciding in practice (a later step always follows); said plainly all the same.
  USER_ACTIVE: () => 'Active.',
  IN_SCOPE: () => 'In scope.',
  ASSETS_READ: asStep,
  ASSETS_SWITCH_OFF: asStep,
  ASSETS_NO_READ: asStep,
  NO_TAG_RESTRICTION: asStep,
  UNTAGGED_FULL_ACCESS: asStep,
  UNTAGGED_NO_ACCESS: asStep,
  TAG_READ: asStep,
  NO_READABLE_TAG: asStep,
  ASSETS_NO_WRITE: asStep,
  NO_WRITABLE_TAG: asStep,
  TAG_WRITE: asStep,
  ASSETS_WRITE: asStep,
};

export function wordAudienceReason(f: Fleet, r: AudienceReason): string {
  return AUDIENCE_WORDS[r.code](f, r);
}
