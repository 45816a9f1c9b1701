// Plain-English messages for lint findings (core/engine/lint). The path is reported separately, so a message says
// what is wrong and, where it helps, what it means.
import type { LintFinding, ReferenceTarget } from '../engine/lint';
import { orgTypesText, roleLabel } from './roles';
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

export function describeLintFinding(f: LintFinding): string {
  switch (f.code) {
    case 'DUPLICATE_ID':
      return `Id ${id(f.id)} is already used by ${f.firstPath}; the first record wins and this one is ignored.`;
    case 'DANGLING_REFERENCE':
      return `${capitalize(f.recordLabel)} refers to ${TARGET_NOUN[f.target]} ${id(f.targetId)}, which does not exist.`;
    case 'ORGANIZATION_CYCLE':
      return `Organizations are their own ancestors: ${f.cycle.map(nameAndId).join(' → ')}. Scopes treat the first of them as a root.`;
    case 'UNTAGGED_ACCESS_NO_EFFECT':
      return `Project role ${nameAndId(f.role)} has full access to untagged assets switched on, but without tag entries it is not restricted by tags at all: the switch has no effect.`;
    case 'TAG_UNUSED':
      return `Project role ${nameAndId(f.role)} has an entry for tag ${id(f.tag)}, which no asset carries.`;
    case 'PROJECT_ROLE_UNUSED':
      return `Project role ${nameAndId(f.role)} is used in no project: no membership refers to it.`;
    case 'SYSTEM_ROLE_NOT_FOR_ORG_TYPE':
      return `User ${nameAndId(f.user)} has system role ${roleLabel(f.role)}, which is meant for ${orgTypesText(f.role.orgTypes)}, but belongs to ${nameAndId(f.organization)}, a ${orgTypeWord(f.organization.type)} organization.`;
    case 'REGISTRANT_UNVERIFIABLE': {
      const who = `registrant ${nameAndId(f.user)}`;
      const org = f.organization ? nameAndId(f.organization) : 'their organization';
      if (f.reason === 'unknownOrganization') return `${capitalize(who)} belongs to no known organization, so no Quote Manager can verify them.`;
      if (f.reason === 'noVerifier') return `No active Quote Manager (Internal Admin CC) has ${org} in scope, so nobody can verify ${who}.`;
      return `${f.verifierCount === 1 ? 'The only Quote Manager' : `All ${f.verifierCount} Quote Managers`} with ${org} in scope may give ${who} no role.`;
    }
    case 'INTERNAL_USER_AUDIENCE_MISMATCH':
      return f.hasInternalUser
        ? `System role ${roleLabel(f.role)} is for external users but has the Internal user permission.`
        : `System role ${roleLabel(f.role)} is for internal users but lacks the Internal user permission.`;
  }
}
