// Words for access over time (issue 18): what one history entry changed ("role «Service Technician» lost read on tag
// «compressor»"), a timeline event ("→ 133 assets hidden for Tara and 12 other users"), attribution and gaps.
// Platform data (names, tags) is untrusted text: it is quoted, never interpreted.
import type { HistoryEntry, HistoryGap } from '../model/history';
import type { Asset, Membership, Organization, ProjectRole, Site, User } from '../model/snapshot';
import type { Attribution } from '../history/walk';
import type { Fleet } from '../engine/fleet-types';
import { names } from '../engine/names';
import { statusWord } from './words';

/** Display names of records the entries refer to by id (a fleet's names; the id when unknown). */
export interface HistoryNames {
  user(id: string): string;
  project(id: string): string;
  projectRole(id: string): string;
  organization(id: string): string;
  site(id: string): string;
  systemRole(id: string): string;
}

export const idNames: HistoryNames = {
  user: (id) => id,
  project: (id) => id,
  projectRole: (id) => id,
  organization: (id) => id,
  site: (id) => id,
  systemRole: (id) => id,
};

/** A fleet's display names for the history's wording (the CLI's timeline and the panel's answers share it). */
export function historyNames(fleet: Fleet): HistoryNames {
  return {
    user: (id) => names.user(fleet, id),
    project: (id) => names.project(fleet, id),
    projectRole: (id) => names.projectRole(fleet, id),
    organization: (id) => names.organization(fleet, id),
    site: (id) => names.site(fleet, id),
    systemRole: (id) => names.systemRole(fleet, id),
  };
}

const q = (text: string) => `«${text}»`;
const nameOr = (r: { name?: string; id?: string } | null, fallback: string) => (r?.name && r.name.trim() !== '' ? r.name : fallback);

/** One short phrase for what the entry changed. */
export function describeChange(e: HistoryEntry, names: HistoryNames = idNames): string {
  switch (e.collection) {
    case 'projectRoles':
      return roleChange(e.before as ProjectRole | null, e.after as ProjectRole | null, e.key, names);
    case 'users':
      return userChange(e.before as User | null, e.after as User | null, e.key, names);
    case 'memberships':
      return membershipChange(e.before as Membership | null, e.after as Membership | null, names);
    case 'assets':
      return assetChange(e.before as Asset | null, e.after as Asset | null, e.key, names);
    case 'sites': {
      const b = e.before as Site | null;
      const a = e.after as Site | null;
      const label = `site ${q(nameOr(a ?? b, e.key))}`;
      if (!b) return `${label} added under ${q(names.organization(a!.organizationId))}`;
      if (!a) return `${label} removed`;
      if (b.organizationId !== a.organizationId)
        return `${label} moved from ${q(names.organization(b.organizationId))} to ${q(names.organization(a.organizationId))}`;
      return `${label} edited`;
    }
    case 'organizations': {
      const b = e.before as Organization | null;
      const a = e.after as Organization | null;
      const label = `organization ${q(nameOr(a ?? b, e.key))}`;
      if (!b) return `${label} added`;
      if (!a) return `${label} removed`;
      if (b.parentId !== a.parentId) return `${label} moved under ${a.parentId === null ? 'no parent' : q(names.organization(a.parentId))}`;
      if (b.type !== a.type) return `${label} changed type from ${b.type} to ${a.type}`;
      return `${label} edited`;
    }
    case 'systemRoles':
      return `system role ${q(names.systemRole(e.key))} ${e.before === null ? 'added' : e.after === null ? 'removed' : 'edited'}`;
    case 'projects':
      return `project ${q(names.project(e.key))} ${e.before === null ? 'added' : e.after === null ? 'removed' : 'edited'}`;
    case 'tickets':
      return `ticket ${e.key} ${e.before === null ? 'added' : e.after === null ? 'removed' : 'edited'}`;
  }
}

function roleChange(b: ProjectRole | null, a: ProjectRole | null, key: string, names: HistoryNames): string {
  const label = `role ${q(nameOr(a ?? b, names.projectRole(key)))}`;
  if (!b) return `${label} created`;
  if (!a) return `${label} deleted`;
  const parts: string[] = [];
  const before = new Map(b.tags.map((t) => [t.tag, t]));
  const after = new Map(a.tags.map((t) => [t.tag, t]));
  for (const [tag, t] of after) {
    const o = before.get(tag);
    if (!o) parts.push(`got ${t.write ? 'read and write' : t.read ? 'read' : 'an entry'} on tag ${q(tag)}`);
    else {
      if (o.read !== t.read) parts.push(`${t.read ? 'got' : 'lost'} read on tag ${q(tag)}`);
      if (o.write !== t.write && o.read === t.read) parts.push(`${t.write ? 'got' : 'lost'} write on tag ${q(tag)}`);
    }
  }
  for (const tag of before.keys()) if (!after.has(tag)) parts.push(`lost its entry for tag ${q(tag)}`);
  if (b.fullAccessUntagged !== a.fullAccessUntagged) parts.push(`${a.fullAccessUntagged ? 'got' : 'lost'} full access to untagged assets`);
  const ga = (r: ProjectRole) => r.features.assets;
  const fa = (r: ProjectRole) => r.features.assets?.functions.assets;
  if ((ga(b)?.enabled ?? false) !== (ga(a)?.enabled ?? false)) parts.push(`had the Assets switch turned ${ga(a)?.enabled ? 'on' : 'off'}`);
  if ((fa(b)?.read ?? false) !== (fa(a)?.read ?? false)) parts.push(`${fa(a)?.read ? 'got' : 'lost'} read on assets`);
  if ((fa(b)?.write ?? false) !== (fa(a)?.write ?? false)) parts.push(`${fa(a)?.write ? 'got' : 'lost'} write on assets`);
  if (b.expertMode !== a.expertMode) parts.push(`had expert mode turned ${a.expertMode ? 'on' : 'off'}`);
  if (b.name !== a.name) parts.push(`was renamed from ${q(b.name)}`);
  return parts.length ? `${label} ${parts.join(', ')}` : `${label} edited`;
}

function userChange(b: User | null, a: User | null, key: string, names: HistoryNames): string {
  const label = `user ${q(nameOr(a ?? b, names.user(key)))}`;
  if (!b) return `${label} added`;
  if (!a) return `${label} removed`;
  const parts: string[] = [];
  if (b.status !== a.status) parts.push(`status ${statusWord(b.status)} → ${statusWord(a.status)}`);
  if (b.systemRoleId !== a.systemRoleId)
    parts.push(
      `system role ${b.systemRoleId === null ? 'none' : q(names.systemRole(b.systemRoleId))} → ${a.systemRoleId === null ? 'none' : q(names.systemRole(a.systemRoleId))}`,
    );
  if (b.organizationId !== a.organizationId)
    parts.push(`organization ${q(names.organization(b.organizationId))} → ${q(names.organization(a.organizationId))}`);
  if (JSON.stringify(b.scope ?? null) !== JSON.stringify(a.scope ?? null)) parts.push('scope changed');
  return parts.length ? `${label}: ${parts.join(', ')}` : `${label} edited`;
}

function membershipChange(b: Membership | null, a: Membership | null, names: HistoryNames): string {
  const m = (a ?? b)!;
  const who = q(names.user(m.userId));
  const where = q(names.project(m.projectId));
  if (!b) return `${who} given role ${q(names.projectRole(a!.projectRoleId))} in project ${where}`;
  if (!a) return `${who} removed from project ${where} (role ${q(names.projectRole(b.projectRoleId))})`;
  return `${who}'s role in project ${where} changed from ${q(names.projectRole(b.projectRoleId))} to ${q(names.projectRole(a.projectRoleId))}`;
}

function assetChange(b: Asset | null, a: Asset | null, key: string, names: HistoryNames): string {
  const label = `asset ${key}`;
  if (!b) return `${label} added in project ${q(names.project(a!.projectId))}`;
  if (!a) return `${label} removed`;
  const parts: string[] = [];
  const added = a.tags.filter((t) => !b.tags.includes(t));
  const removed = b.tags.filter((t) => !a.tags.includes(t));
  if (added.length) parts.push(`tagged ${added.map(q).join(', ')}`);
  if (removed.length) parts.push(`lost tag ${removed.map(q).join(', ')}`);
  if (b.projectId !== a.projectId) parts.push(`moved to project ${q(names.project(a.projectId))}`);
  if (b.siteId !== a.siteId) parts.push(`moved to site ${q(names.site(a.siteId))}`);
  return parts.length ? `${label} ${parts.join(', ')}` : `${label} edited`;
}

const EFFECT_RESULT: Record<string, string> = { hidden: 'hidden', read: 'read-only', full: 'fully accessible' };
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "133 assets hidden for Tara and 12 other users" (from → to is the effect change). */
export function effectChangeText(count: number, from: string, to: string, userName: string, otherUsers: number | null): string {
  const others = otherUsers ? ` and ${plural(otherUsers, 'other user')}` : '';
  return `${plural(count, 'asset')} ${from === 'hidden' ? 'now ' : ''}${EFFECT_RESULT[to] ?? to} (was ${EFFECT_RESULT[from] ?? from}) for ${userName}${others}`;
}

export const ATTRIBUTION_WORDS: Record<Attribution, string> = {
  CAUSE: 'undoing this change alone restores the earlier access',
  ALL_NEEDED: 'these changes were all needed: undoing any one restores the earlier access',
  TOGETHER: 'these changes together caused it: undoing any one alone does not restore the earlier access',
  GAP: 'the history has a gap here: changes may be missing, so no cause is claimed',
};

export function gapText(g: HistoryGap): string {
  return `history gap from ${g.from} to ${g.to} (${g.reason}): changes in it may be missing, and no cause is claimed inside or across it`;
}

export function sinceText(code: 'CHANGED' | 'BEFORE_HISTORY' | 'AFTER_GAP', effect: string, since: string): string {
  const e = EFFECT_RESULT[effect] ?? effect;
  if (code === 'BEFORE_HISTORY') return `${e} since before the history starts (${since}); no change since`;
  if (code === 'AFTER_GAP') return `${e} at least since ${since}, the end of a gap in the history: an earlier change is not claimed`;
  return `${e} since ${since}`;
}

/** Words for an "as of" answer's header. */
export function asOfText(at: string): string {
  return `as of ${at} (from the snapshot's history; not now)`;
}
