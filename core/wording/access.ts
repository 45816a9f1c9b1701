// Plain-English wording for R3 steps and flips. Names, not ids (ids only when a record is missing). The asset itself
// is always "this asset" / its id, never its name: the same steps appear in redacted ticket decisions (R4).
import type { AccessStepData } from '../engine/access';
import type { FlipData } from '../engine/flips';
import { names, type Fleet } from '../engine/fleet';
import { FEATURE_GROUPS } from '../model/catalog';

export const q = (s: string) => `«${s}»`;

/** «a», «b» and «c» */
export function listOf(items: string[], conj = 'and'): string {
  const quoted = items.map(q);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} ${conj} ${quoted[quoted.length - 1]}`;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
const assetsSwitch = q(FEATURE_GROUPS.find((g) => g.id === 'assets')!.label);

export const userName = (f: Fleet, id: string | undefined) => q(names.user(f, id ?? '?'));
export const roleName = (f: Fleet, id: string | undefined) => q(names.projectRole(f, id ?? '?'));
export const projectName = (f: Fleet, id: string | undefined) => q(names.project(f, id ?? '?'));
export const siteName = (f: Fleet, id: string | undefined) => q(names.site(f, id ?? '?'));
export const orgName = (f: Fleet, id: string | undefined | null) => q(names.organization(f, id ?? '?'));

function scopeDescription(f: Fleet, st: AccessStepData): string {
  const base =
    st.scopeBasis === 'wholeFleet'
      ? `the whole fleet (organization ${orgName(f, st.userOrganizationId)})`
      : `organization ${orgName(f, st.userOrganizationId)}`;
  if (st.scopeOrganizationIds == null && st.scopeSiteIds == null) return base;
  const parts: string[] = [];
  if (st.scopeOrganizationIds?.length) parts.push(`${plural(st.scopeOrganizationIds.length, 'organization', 'organizations')} ${listOf(st.scopeOrganizationIds.map((o) => names.organization(f, o)), 'or')}`);
  if (st.scopeSiteIds?.length) parts.push(`${plural(st.scopeSiteIds.length, 'site', 'sites')} ${listOf(st.scopeSiteIds.map((s) => names.site(f, s)), 'or')}`);
  return `${base}, narrowed to ${parts.length ? parts.join(' or ') : 'nothing (empty scope lists)'}`;
}

export function wordAccessStep(f: Fleet, st: AccessStepData): string {
  const user = userName(f, st.userId);
  const role = roleName(f, st.projectRoleId);
  const tags = st.tags ?? [];
  switch (st.code) {
    case 'USER_ACTIVE':
      return `${user} is active.`;
    case 'USER_NOT_ACTIVE':
      return `${user} is not active (status ${q(st.status ?? '?')}), so they see nothing.`;
    case 'SYSTEM_FULL_ACCESS':
      return `${user} has system role ${q(names.systemRole(f, st.systemRoleId ?? 'globalAdmin'))}, which has full access to every asset.`;
    case 'IN_SCOPE': {
      const where = `site ${siteName(f, st.siteId)}${st.organizationId ? ` (organization ${orgName(f, st.organizationId)})` : ''}`;
      if (st.matchedSiteId) return `${user}'s scope (${scopeDescription(f, st)}) includes ${where}.`;
      if (st.matchedOrganizationId)
        return `${user}'s scope (${scopeDescription(f, st)}) includes ${where}, which lies under ${orgName(f, st.matchedOrganizationId)}.`;
      if (st.scopeBasis === 'wholeFleet') return `${user}'s scope is the whole fleet (organization ${orgName(f, st.userOrganizationId)}), which includes ${where}.`;
      return `This asset's ${where} lies under ${user}'s organization ${orgName(f, st.userOrganizationId)}.`;
    }
    case 'OUT_OF_SCOPE': {
      if (st.scopeFailure === 'siteUnknown')
        return `This asset's site ${q(st.siteId ?? '?')} is not in the snapshot, so it lies in no organization of ${user}'s scope (${scopeDescription(f, st)}).`;
      const where = `site ${siteName(f, st.siteId)}${st.organizationId ? ` (organization ${orgName(f, st.organizationId)})` : ''}`;
      if (st.scopeFailure === 'outsideOrganization')
        return `${user}'s scope (organization ${orgName(f, st.userOrganizationId)}) does not include ${where}: it does not lie under ${orgName(f, st.userOrganizationId)}.`;
      return `${user}'s scope (${scopeDescription(f, st)}) does not include ${where}.`;
    }
    case 'PROJECT_ROLE':
      return `${user} has project role ${role} in project ${projectName(f, st.projectId)}.`;
    case 'NO_PROJECT_ROLE':
      if (st.danglingProjectRoleId)
        return `${user}'s membership in project ${projectName(f, st.projectId)} names project role ${q(st.danglingProjectRoleId)}, which is not in the snapshot, so they have no project role there.`;
      return `${user} has no project role in project ${projectName(f, st.projectId)}, so they see nothing of it.`;
    case 'ASSETS_READ':
      return `Role ${role} has the ${assetsSwitch} switch on and read on the ${assetsSwitch} function.`;
    case 'ASSETS_SWITCH_OFF':
      return `Role ${role} has the ${assetsSwitch} switch off, so its assets are hidden.`;
    case 'ASSETS_NO_READ':
      return `Role ${role} has the ${assetsSwitch} switch on but no read on the ${assetsSwitch} function.`;
    case 'NO_TAG_RESTRICTION':
      return `Role ${role} has no tag entries, so tags do not restrict which assets it sees.`;
    case 'UNTAGGED_FULL_ACCESS':
      return `This asset has no tags and role ${role} has full access to assets without tags.`;
    case 'UNTAGGED_NO_ACCESS':
      return `This asset has no tags and role ${role} is restricted to tags without full access to assets without tags.`;
    case 'TAG_READ':
      return `Role ${role} has read on ${plural(tags.length, 'tag', 'tags')} ${listOf(tags)} carried by this asset.`;
    case 'NO_READABLE_TAG':
      return `Role ${role} has read on none of this asset's tags (${listOf(tags)}).`;
    case 'ASSETS_NO_WRITE':
      return `Role ${role} has no write on the ${assetsSwitch} function, so access stops at read.`;
    case 'NO_WRITABLE_TAG':
      return `Role ${role} has write on none of this asset's tags (${listOf(tags)}), so access stops at read.`;
    case 'TAG_WRITE':
      return `Role ${role} has write on ${plural(tags.length, 'tag', 'tags')} ${listOf(tags)} carried by this asset.`;
    case 'ASSETS_WRITE':
      return st.writeBasis === 'untaggedFullAccess'
        ? `Role ${role} has write on the ${assetsSwitch} function and full access to assets without tags.`
        : `Role ${role} has write on the ${assetsSwitch} function and no tag restriction.`;
  }
}

const effectWord = (e: string) => (e === 'full' ? 'full access' : e === 'read' ? 'read access' : e);

export function wordFlip(f: Fleet, flip: FlipData): string {
  const user = userName(f, flip.userId);
  const role = roleName(f, flip.projectRoleId);
  const gives = `gives ${user} ${effectWord(flip.effect)} to this asset`;
  const e = flip.edit;
  const roleChanges = (): string => {
    if (e.object !== 'projectRole') return '';
    const parts: string[] = [];
    if (e.assetsEnabled) parts.push(`turn on the ${assetsSwitch} switch`);
    if (e.assetsRead && !e.assetsWrite) parts.push(`grant read on the ${assetsSwitch} function`);
    if (e.assetsWrite) parts.push(`grant ${e.assetsRead ? 'read and write' : 'write'} on the ${assetsSwitch} function`);
    if (e.fullAccessUntagged) parts.push('turn on full access to assets without tags');
    const onlyRead = e.tagRead.filter((t) => !e.tagWrite.includes(t));
    if (onlyRead.length) parts.push(`grant read on tag ${listOf(onlyRead)}`);
    for (const t of e.tagWrite) parts.push(`grant ${e.tagRead.includes(t) ? 'read and write' : 'write'} on tag ${q(t)}`);
    const text = parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
    return `In role ${role}, ${text}`;
  };
  switch (flip.code) {
    case 'ACTIVATE_USER':
      return `Activate ${user}: that ${gives}.`;
    case 'WIDEN_SCOPE':
      return `Add site ${siteName(f, flip.siteId)} to ${user}'s scope: that ${gives}.`;
    case 'ADD_PROJECT_ROLE':
      return `Give ${user} project role ${role} in project ${projectName(f, flip.projectId)}: that ${gives}.`;
    default:
      return `${roleChanges()}: that ${gives}.`;
  }
}
