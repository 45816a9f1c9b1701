// Plain-English messages for lint findings (core/engine/lint). The path is reported separately, so a message says
// what is wrong and, where it helps, what it means.
import type { LintCode, LintFinding, LintResult, ReferenceTarget } from '../engine/lint-types';
import { orgTypesText, roleLabel } from './roles';
import { wordBy, type WordsFor } from './table';
import { orgTypeWord } from './words';

const TARGET_NOUN: Record<ReferenceTarget, string> = {
  organization: 'organization',
  site: 'site',
  systemRole: 'system role',
  user: 'user',
  project: 'project',
  projectRole: 'project role',
  asset: 'asset',
  ticket: 'ticket',
};

const id = (s: string) => JSON.stringify(s);
/** «Name» ("id"), or the id alone when there is no name. */
const nameAndId = (x: { id: string; name: string }) => (x.name.trim() === '' ? id(x.id) : `«${x.name}» (${id(x.id)})`);
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const LINT_WORDS: WordsFor<LintFinding> = {
  DUPLICATE_ID: (f) => `Id ${id(f.id)} is already used by ${f.firstPath}; the first record wins and this one is ignored.`,
  DANGLING_REFERENCE: (f) => `${capitalize(f.recordLabel)} refers to ${TARGET_NOUN[f.target]} ${id(f.targetId)}, which does not exist.`,
  ORGANIZATION_CYCLE: (f) =>
    `Organizations are their own ancestors: ${f.cycle.map(nameAndId).join(' → ')}. Scopes treat the first of them as a root.`,
  UNTAGGED_ACCESS_NO_EFFECT: (f) =>
    `Project role ${nameAndId(f.role)} has full access to untagged assets switched on, but without tag entries it is not restricted by tags at all: the switch has no effect.`,
  TAG_UNUSED: (f) => `Project role ${nameAndId(f.role)} has an entry for tag ${id(f.tag)}, which no asset carries.`,
  PROJECT_ROLE_UNUSED: (f) => `Project role ${nameAndId(f.role)} is used in no project: no membership refers to it.`,
  SYSTEM_ROLE_NOT_FOR_ORG_TYPE: (f) =>
    `User ${nameAndId(f.user)} has system role ${roleLabel(f.role)}, which is meant for ${orgTypesText(f.role.orgTypes)}, but belongs to ${nameAndId(f.organization)}, a ${orgTypeWord(f.organization.type)} organization.`,
  REGISTRANT_UNVERIFIABLE: (f) => {
    const who = `registrant ${nameAndId(f.user)}`;
    const org = f.organization ? nameAndId(f.organization) : 'their organization';
    if (f.reason === 'unknownOrganization')
      return `${capitalize(who)} belongs to no known organization, so no Quote Manager can verify them.`;
    if (f.reason === 'noVerifier') return `No active Quote Manager (Internal Admin CC) has ${org} in scope, so nobody can verify ${who}.`;
    return `${f.verifierCount === 1 ? 'The only Quote Manager' : `All ${f.verifierCount} Quote Managers`} with ${org} in scope may give ${who} no role.`;
  },
  INTERNAL_USER_AUDIENCE_MISMATCH: (f) =>
    f.hasInternalUser
      ? `System role ${roleLabel(f.role)} is for external users but has the Internal user permission.`
      : `System role ${roleLabel(f.role)} is for internal users but lacks the Internal user permission.`,
};

export const describeLintFinding = (f: LintFinding): string => wordBy(LINT_WORDS, f);

/** A lint problem as the CLI and the panel show it: code, path and message. */
export interface LintProblem {
  code: LintCode;
  path: string;
  message: string;
}

/** The engine's lint result worded: each finding as `{code, path, message}`. */
export function wordLint(result: LintResult): { problems: LintProblem[] } {
  return { problems: result.problems.map((f) => ({ code: f.code, path: f.path, message: describeLintFinding(f) })) };
}
