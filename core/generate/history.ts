// Seeded random change sequences over a fleet (issue 18): what a platform's history could hold after `days` of
// work — assets retagged, moved, added and removed; users' status, role and organization changed; memberships added,
// removed and given other roles; roles' tags and asset switches toggled; sites moved. The fleet handed in is the
// state at the start; the result is the state at the end (the "current" snapshot) with the history that leads there.
import { recordKey } from '../api/contract';
import type { History, HistoryEntry } from '../model/history';
import type { CollectionName, Membership, ProjectRole, Site, Snapshot, User } from '../model/snapshot';
import { createRandom, type Random } from './random';

export interface HistoryOptions {
  seed?: number;
  /** Length of the history in days (default 30). */
  days?: number;
  /** Share of each collection's records changed per day (default 0.01: 1 % daily churn). */
  dailyChurn?: number;
  /** At least this many changes in all (small fleets): default 0. */
  minChanges?: number;
  /** Where the history starts (ISO, default 2026-11-01T00:00:00Z). */
  since?: string;
  /** Chance that a change shares the previous one's time (several changes at one moment). Default 0.02. */
  sameMoment?: number;
  /** Gaps to declare (periods where changes may be missing), e.g. for tests of "no cause across a gap". */
  gaps?: History['gaps'];
}

type Kind = 'asset' | 'user' | 'membership' | 'role' | 'site';

/** The fleet after the changes, and the history from `since` that leads there. */
export function generateHistory(start: Snapshot, opts: HistoryOptions = {}): { snapshot: Snapshot; history: History } {
  const rng = createRandom(opts.seed ?? 1);
  const days = opts.days ?? 30;
  const churn = opts.dailyChurn ?? 0.01;
  const sinceMs = Date.parse(opts.since ?? '2026-11-01T00:00:00Z');
  const live = {
    assets: keyed('assets', start.assets),
    users: keyed('users', start.users),
    memberships: keyed('memberships', start.memberships),
    projectRoles: keyed('projectRoles', start.projectRoles),
    sites: keyed('sites', start.sites),
  };
  const per = (n: number) => Math.round(n * churn * days);
  const counts: [Kind, number][] = [
    ['asset', per(start.assets.length)],
    ['user', per(start.users.length)],
    ['membership', per(start.memberships.length)],
    ['role', per(start.projectRoles.length)],
    ['site', per(start.sites.length) / 4],
  ];
  let total = counts.reduce((s, [, n]) => s + n, 0);
  const min = opts.minChanges ?? 0;
  if (total < min) {
    const scale = min / Math.max(1, total);
    for (const c of counts) c[1] = Math.max(1, Math.ceil(c[1] * scale));
    total = counts.reduce((s, [, n]) => s + n, 0);
  }
  const kinds: Kind[] = counts.flatMap(([k, n]) => new Array<Kind>(Math.round(n)).fill(k));
  shuffle(rng, kinds);
  // Times: sorted seconds over the period; some share the previous change's moment.
  const span = days * 86_400_000;
  const times = kinds.map(() => sinceMs + 1000 + Math.floor((rng.next() * (span - 1000)) / 1000) * 1000).sort((a, b) => a - b);
  const sameMoment = opts.sameMoment ?? 0.02;
  for (let i = 1; i < times.length; i++) if (rng.chance(sameMoment)) times[i] = times[i - 1];

  const projectIds = [...new Set([...start.projects.map((p) => p.id), ...start.assets.map((a) => a.projectId)])];
  const tagPool = [...new Set([...start.assets.flatMap((a) => a.tags), ...start.projectRoles.flatMap((r) => r.tags.map((t) => t.tag))])];
  const orgIds = start.organizations.map((o) => o.id);
  const roleIds = start.projectRoles.map((r) => r.id);
  const systemRoleIds = (start.systemRoles ?? []).map((r) => r.id);
  const userIds = start.users.map((u) => u.id);
  const entries: HistoryEntry[] = [];
  let created = 0;

  const change = <T>(collection: CollectionName, m: Map<string, T>, key: string, after: T | null, at: number) => {
    const before = m.get(key) ?? null;
    if (before === null && after === null) return;
    if (after === null) m.delete(key);
    else m.set(key, after);
    entries.push({
      collection,
      key,
      at: new Date(at).toISOString(),
      author: rng.chance(0.8) && userIds.length ? rng.pick(userIds) : null,
      before,
      after,
    });
  };
  const anyKey = <T>(m: Map<string, T>): string | undefined => {
    if (m.size === 0) return undefined;
    // a random existing key: cheap enough with an array view rebuilt lazily
    const keys = keyCache.get(m) ?? [...m.keys()];
    keyCache.set(m, keys);
    for (let tries = 0; tries < 8; tries++) {
      const k = keys[rng.index(keys.length)];
      if (m.has(k)) return k;
    }
    keyCache.set(m, [...m.keys()]);
    return anyKey(m);
  };
  const keyCache = new Map<Map<string, unknown>, string[]>();

  kinds.forEach((kind, i) => {
    const at = times[i];
    switch (kind) {
      case 'asset': {
        const key = anyKey(live.assets);
        const a = key === undefined ? undefined : live.assets.get(key)!;
        const roll = rng.next();
        if (!a || roll < 0.1) {
          const base = a ?? start.assets[0];
          if (!base) break;
          const id = `ast-h${String(++created).padStart(6, '0')}`;
          change(
            'assets',
            live.assets,
            id,
            { ...base, id, name: `${base.name} (new)`, tags: tagPool.length ? rng.sample(tagPool, rng.int(0, 3)) : [] },
            at,
          );
        } else if (roll < 0.2) change('assets', live.assets, a.id, null, at);
        else if (roll < 0.3 && projectIds.length) change('assets', live.assets, a.id, { ...a, projectId: rng.pick(projectIds) }, at);
        else if (roll < 0.6 || a.tags.length === 0) {
          const tag = tagPool.length ? rng.pick(tagPool) : 'tag';
          if (!a.tags.includes(tag)) change('assets', live.assets, a.id, { ...a, tags: [...a.tags, tag] }, at);
        } else change('assets', live.assets, a.id, { ...a, tags: a.tags.filter((_, x) => x !== rng.index(a.tags.length)) }, at);
        break;
      }
      case 'user': {
        const key = anyKey(live.users);
        if (key === undefined) break;
        const u = live.users.get(key)!;
        const roll = rng.next();
        let next: User;
        if (roll < 0.4) next = { ...u, status: u.status === 'active' ? 'disabled' : 'active' };
        else if (roll < 0.8 && systemRoleIds.length)
          next = { ...u, systemRoleId: rng.pick(systemRoleIds.filter((r) => r !== 'globalAdmin')) ?? u.systemRoleId };
        else if (orgIds.length) next = { ...u, organizationId: rng.pick(orgIds) };
        else break;
        change('users', live.users, key, next, at);
        break;
      }
      case 'membership': {
        const roll = rng.next();
        const key = anyKey(live.memberships);
        if (roll < 0.35 || key === undefined) {
          const userKey = anyKey(live.users);
          if (userKey === undefined || !roleIds.length || !projectIds.length) break;
          const m: Membership = { userId: userKey, projectId: rng.pick(projectIds), projectRoleId: rng.pick(roleIds) };
          change('memberships', live.memberships, recordKey('memberships', m), m, at);
        } else if (roll < 0.6) change('memberships', live.memberships, key, null, at);
        else if (roleIds.length) {
          const m = live.memberships.get(key)!;
          change('memberships', live.memberships, key, { ...m, projectRoleId: rng.pick(roleIds) }, at);
        }
        break;
      }
      case 'role': {
        const key = anyKey(live.projectRoles);
        if (key === undefined) break;
        change('projectRoles', live.projectRoles, key, editRole(rng, live.projectRoles.get(key)!, tagPool), at);
        break;
      }
      case 'site': {
        const key = anyKey(live.sites);
        if (key === undefined || !orgIds.length) break;
        const s = live.sites.get(key)!;
        const next: Site = rng.chance(0.5) ? { ...s, name: `${s.name} ·` } : { ...s, organizationId: rng.pick(orgIds) };
        change('sites', live.sites, key, next, at);
        break;
      }
    }
  });

  const snapshot: Snapshot = {
    ...start,
    assets: [...live.assets.values()],
    users: [...live.users.values()],
    memberships: [...live.memberships.values()],
    projectRoles: [...live.projectRoles.values()],
    sites: [...live.sites.values()],
  };
  delete snapshot.history;
  return { snapshot, history: { since: new Date(sinceMs).toISOString(), entries, gaps: opts.gaps ?? [] } };
}

/** One edit an administrator makes to a role: a tag's read, the assets switch or read/write, untagged access. */
function editRole(rng: Random, r: ProjectRole, tagPool: readonly string[]): ProjectRole {
  const roll = rng.next();
  if (roll < 0.35 && r.tags.length) {
    const x = rng.index(r.tags.length);
    return { ...r, tags: r.tags.map((t, i) => (i === x ? { ...t, read: !t.read, write: false } : t)) };
  }
  if (roll < 0.5 && tagPool.length) {
    const tag = rng.pick(tagPool);
    if (!r.tags.some((t) => t.tag === tag)) return { ...r, tags: [...r.tags, { tag, read: true, write: rng.chance(0.5) }] };
  }
  if (roll < 0.6 && r.tags.length) return { ...r, tags: r.tags.filter((_, i) => i !== rng.index(r.tags.length)) };
  if (roll < 0.75) return { ...r, fullAccessUntagged: !r.fullAccessUntagged };
  const assets = r.features.assets ?? { enabled: false, functions: {} };
  const fn = assets.functions.assets ?? { read: false, write: false };
  if (roll < 0.85) return { ...r, features: { ...r.features, assets: { ...assets, enabled: !assets.enabled } } };
  const next = fn.read && !fn.write ? { read: true, write: true } : fn.read ? { read: false, write: false } : { read: true, write: false };
  return { ...r, features: { ...r.features, assets: { ...assets, functions: { ...assets.functions, assets: next } } } };
}

function keyed<T>(collection: CollectionName, records: readonly T[]): Map<string, T> {
  const m = new Map<string, T>();
  for (const r of records) {
    const k = recordKey(collection, r as Record<string, unknown>);
    if (!m.has(k)) m.set(k, r);
  }
  return m;
}

function shuffle<T>(rng: Random, items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.index(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
}
