// Plain-English wording for R3 steps and flips. Names, not ids (ids only when a record is missing). The asset itself
// is always "this asset" / its id, never its name: the same steps appear in redacted ticket decisions (R4).
import type { AccessStepData, AssetDecision, FlipData } from '../engine/access-types';
import type { AccessCode, FlipCode } from '../engine/codes';
import type { Fleet } from '../engine/fleet-types';
import { names } from '../engine/names';
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

/** "2 organizations A or B" for a non-empty scope list; undefined for an unset or empty one. */
function scopeList(ids: string[] | null | undefined, one: string, many: string, name: (id: string) => string) {
  return ids?.length ? `${plural(ids.length, one, many)} ${listOf(ids.map(name), 'or')}` : undefined;
}

function scopeDescription(f: Fleet, st: AccessStepData): string {
  const base =
    st.scopeBasis === 'wholeFleet'
      ? `the whole fleet (organization ${orgName(f, st.userOrganizationId)})`
      : `organization ${orgName(f, st.userOrganizationId)}`;
  if (st.scopeOrganizationIds == null && st.scopeSiteIds == null) return base;
  const parts = [
    scopeList(st.scopeOrganizationIds, 'organization', 'organizations', (o) => names.organization(f, o)),
    scopeList(st.scopeSiteIds, 'site', 'sites', (s) => names.site(f, s)),
  ].filter((p) => p !== undefined);
  return `${base}, narrowed to ${parts.length ? parts.join(' or ') : 'nothing (empty scope lists)'}`;
}

type StepWords = (f: Fleet, st: AccessStepData, user: string, role: string) => string;
const where = (f: Fleet, st: AccessStepData) =>
  `site ${siteName(f, st.siteId)}${st.organizationId ? ` (organization ${orgName(f, st.organizationId)})` : ''}`;

/** One wording per R3 step code; the compiler keeps it complete. `user` and `role` are the step's quoted names. */
const ACCESS_STEP_WORDS: Record<AccessCode, StepWords> = {
  USER_ACTIVE: (_f, _st, user) => `${user} is active.`,
  USER_NOT_ACTIVE: (_f, st, user) => `${user} is not active (status ${q(st.status ?? '?')}), so they see nothing.`,
  SYSTEM_FULL_ACCESS: (f, st, user) =>
    `${user} has system role ${q(names.systemRole(f, st.systemRoleId ?? 'globalAdmin'))}, which has full access to every asset.`,
  IN_SCOPE: (f, st, user) => {
    if (st.matchedSiteId) return `${user}'s scope (${scopeDescription(f, st)}) includes ${where(f, st)}.`;
    if (st.matchedOrganizationId)
      return `${user}'s scope (${scopeDescription(f, st)}) includes ${where(f, st)}, which lies under ${orgName(f, st.matchedOrganizationId)}.`;
    if (st.scopeBasis === 'wholeFleet')
      return `${user}'s scope is the whole fleet (organization ${orgName(f, st.userOrganizationId)}), which includes ${where(f, st)}.`;
    return `This asset's ${where(f, st)} lies under ${user}'s organization ${orgName(f, st.userOrganizationId)}.`;
  },
  OUT_OF_SCOPE: (f, st, user) => {
    if (st.scopeFailure === 'siteUnknown')
      return `This asset's site ${q(st.siteId ?? '?')} is not in the snapshot, so it lies in no organization of ${user}'s scope (${scopeDescription(f, st)}).`;
    if (st.scopeFailure === 'outsideOrganization')
      return `${user}'s scope (organization ${orgName(f, st.userOrganizationId)}) does not include ${where(f, st)}: it does not lie under ${orgName(f, st.userOrganizationId)}.`;
    return `${user}'s scope (${scopeDescription(f, st)}) does not include ${where(f, st)}.`;
  },
  PROJECT_ROLE: (f, st, user, role) => `${user} has project role ${role} in project ${projectName(f, st.projectId)}.`,
  NO_PROJECT_ROLE: (f, st, user) =>
    st.danglingProjectRoleId
      ? `${user}'s membership in project ${projectName(f, st.projectId)} names project role ${q(st.danglingProjectRoleId)}, which is not in the snapshot, so they have no project role there.`
      : `${user} has no project role in project ${projectName(f, st.projectId)}, so they see nothing of it.`,
  ASSETS_READ: (_f, _st, _u, role) => `Role ${role} has the ${assetsSwitch} switch on and read on the ${assetsSwitch} function.`,
  ASSETS_SWITCH_OFF: (_f, _st, _u, role) => `Role ${role} has the ${assetsSwitch} switch off, so its assets are hidden.`,
  ASSETS_NO_READ: (_f, _st, _u, role) => `Role ${role} has the ${assetsSwitch} switch on but no read on the ${assetsSwitch} function.`,
  NO_TAG_RESTRICTION: (_f, _st, _u, role) => `Role ${role} has no tag entries, so tags do not restrict which assets it sees.`,
  UNTAGGED_FULL_ACCESS: (_f, _st, _u, role) => `This asset has no tags and role ${role} has full access to assets without tags.`,
  UNTAGGED_NO_ACCESS: (_f, _st, _u, role) =>
    `This asset has no tags and role ${role} is restricted to tags without full access to assets without tags.`,
  TAG_READ: (_f, st, _u, role) =>
    `Role ${role} has read on ${plural((st.tags ?? []).length, 'tag', 'tags')} ${listOf(st.tags ?? [])} carried by this asset.`,
  NO_READABLE_TAG: (_f, st, _u, role) => `Role ${role} has read on none of this asset's tags (${listOf(st.tags ?? [])}).`,
  ASSETS_NO_WRITE: (_f, _st, _u, role) => `Role ${role} has no write on the ${assetsSwitch} function, so access stops at read.`,
  NO_WRITABLE_TAG: (_f, st, _u, role) =>
    `Role ${role} has write on none of this asset's tags (${listOf(st.tags ?? [])}), so access stops at read.`,
  TAG_WRITE: (_f, st, _u, role) =>
    `Role ${role} has write on ${plural((st.tags ?? []).length, 'tag', 'tags')} ${listOf(st.tags ?? [])} carried by this asset.`,
  ASSETS_WRITE: (_f, st, _u, role) =>
    st.writeBasis === 'untaggedFullAccess'
      ? `Role ${role} has write on the ${assetsSwitch} function and full access to assets without tags.`
      : `Role ${role} has write on the ${assetsSwitch} function and no tag restriction.`,
};

export function wordAccessStep(f: Fleet, st: AccessStepData): string {
  return ACCESS_STEP_WORDS[st.code](f, st, userName(f, st.userId), roleName(f, st.projectRoleId));
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
  return FLIP_WORDS[flip.code]({ f, flip, user, role, gives, roleChanges });
}

interface FlipWording {
  f: Fleet;
  flip: FlipData;
  user: string;
  role: string;
  /** "gives «user» read access to this asset" */
  gives: string;
  /** "In role «R», turn on … and …" (project-role edits) */
  roleChanges: () => string;
}
const roleEdit = (w: FlipWording) => `${w.roleChanges()}: that ${w.gives}.`;

/** One wording per flip code; the compiler keeps it complete. */
const FLIP_WORDS: Record<FlipCode, (w: FlipWording) => string> = {
  ACTIVATE_USER: (w) => `Activate ${w.user}: that ${w.gives}.`,
  WIDEN_SCOPE: (w) => `Add site ${siteName(w.f, w.flip.siteId)} to ${w.user}'s scope: that ${w.gives}.`,
  ADD_PROJECT_ROLE: (w) => `Give ${w.user} project role ${w.role} in project ${projectName(w.f, w.flip.projectId)}: that ${w.gives}.`,
  GRANT_ASSETS_READ: roleEdit,
  GRANT_ASSETS_WRITE: roleEdit,
  ENABLE_FULL_ACCESS_UNTAGGED: roleEdit,
  GRANT_TAG_READ: roleEdit,
  GRANT_TAG_WRITE: roleEdit,
};

/** An engine step with its message. */
export type WordedAccessStep = AccessStepData & { message: string };
export type WordedFlip = FlipData & { message: string };
/** The engine's asset decision with every step and flip worded (same keys, each plus `message`). */
export type WordedAssetDecision = Omit<AssetDecision, 'steps' | 'flips'> & { steps: WordedAccessStep[]; flips: WordedFlip[] };

export function wordAssetDecision(f: Fleet, d: AssetDecision): WordedAssetDecision {
  return {
    ...d,
    steps: d.steps.map((st) => ({ ...st, message: wordAccessStep(f, st) })),
    flips: d.flips.map((fl) => ({ ...fl, message: wordFlip(f, fl) })),
  };
}
