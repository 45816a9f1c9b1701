// Believable platform edits for "the data changes while the client syncs": renames, retagging, role changes,
// membership churn, new and closed tickets, deleted-and-recreated assets. Replayable from the seed; every edit goes
// through the store's validated put/remove, so each one is a real change in the feed.
import type { Asset, CollectionName, Membership, Organization, ProjectRole, SystemRole, Ticket, User } from '../core/model/snapshot';
import { createRandom, type Random } from '../core/generate/random';

/** What the edits use of the store (demo/store.ts's FeedStore), named here so the store can import them without a cycle. */
export interface MutableStore {
  feed(collection: CollectionName): { randomKey(pick: (n: number) => number): string | undefined };
  get(collection: CollectionName, key: string): unknown;
  put(collection: CollectionName, record: unknown): void;
  remove(collection: CollectionName, key: string): void;
  /** Users whose system role and status the edits leave alone. */
  protectedUserIds: ReadonlySet<string>;
  systemRoles(): SystemRole[];
  /** The last change sequence handed out (new ticket ids follow it). */
  readonly headSeq: number;
}

const TICKET_TITLES = [
  'Dew point above limit',
  'Oil carry-over reported',
  'Service interval reached',
  'Motor overheating alarm',
  'Pressure drop over the filter',
  'Unexpected load/unload cycling',
  'Drain valve not draining',
  'Fan noise at start-up',
];
const SUFFIXES = ['(spare)', '(rental)', '(relocated)', '(overhauled)', '(line 2)', '(standby)'];
const EXTRA_TAGS = ['critical', 'rental', 'warranty', 'night-shift', 'spare'];

type Edit = (store: MutableStore, rng: Random, n: number) => boolean;

function randomRecord<T>(store: MutableStore, c: CollectionName, rng: Random): T | undefined {
  const key = store.feed(c).randomKey(rng.index);
  return key === undefined ? undefined : (store.get(c, key) as T);
}

const renameAsset: Edit = (store, rng) => {
  const a = randomRecord<Asset>(store, 'assets', rng);
  if (!a) return false;
  const base = a.name.replace(/ \([^)]*\)$/, '');
  store.put('assets', { ...a, name: `${base} ${rng.pick(SUFFIXES)}` });
  return true;
};

const retagAsset: Edit = (store, rng) => {
  const a = randomRecord<Asset>(store, 'assets', rng);
  if (!a) return false;
  let tags: string[];
  if (a.tags.length > 0 && rng.next() < 0.5) {
    const drop = rng.index(a.tags.length);
    tags = a.tags.filter((_, i) => i !== drop);
  } else {
    const other = randomRecord<Asset>(store, 'assets', rng);
    const pool = [...(other?.tags ?? []), ...EXTRA_TAGS];
    tags = [...new Set([...a.tags, rng.pick(pool)])];
  }
  store.put('assets', { ...a, tags });
  return true;
};

const recreateAsset: Edit = (store, rng) => {
  const a = randomRecord<Asset>(store, 'assets', rng);
  if (!a) return false;
  const site = randomRecord<{ id: string }>(store, 'sites', rng);
  store.remove('assets', a.id);
  store.put('assets', { ...a, siteId: site?.id ?? a.siteId });
  return true;
};

const changeSystemRole: Edit = (store, rng) => {
  const u = randomRecord<User>(store, 'users', rng);
  if (!u || u.systemRoleId === null || store.protectedUserIds.has(u.id)) return false;
  const org = store.get('organizations', u.organizationId) as Organization | undefined;
  const roles = store.systemRoles().filter((r) => r.id !== u.systemRoleId && (!org || r.orgTypes.includes(org.type)));
  if (roles.length === 0) return false;
  store.put('users', { ...u, systemRoleId: rng.pick(roles).id });
  return true;
};

const changeUserStatus: Edit = (store, rng) => {
  const u = randomRecord<User>(store, 'users', rng);
  if (!u || store.protectedUserIds.has(u.id)) return false;
  if (u.status === 'pendingVerification') {
    // Verified: the requested role (or none, if it asked for none) and active.
    store.put('users', { ...u, status: 'active', systemRoleId: u.requestedRoleId ?? u.systemRoleId });
  } else store.put('users', { ...u, status: u.status === 'active' ? 'disabled' : 'active' });
  return true;
};

const changeMembershipRole: Edit = (store, rng) => {
  const m = randomRecord<Membership>(store, 'memberships', rng);
  const role = randomRecord<ProjectRole>(store, 'projectRoles', rng);
  if (!m || !role || role.id === m.projectRoleId) return false;
  store.put('memberships', { ...m, projectRoleId: role.id });
  return true;
};

const addMembership: Edit = (store, rng) => {
  const u = randomRecord<User>(store, 'users', rng);
  const p = randomRecord<{ id: string }>(store, 'projects', rng);
  const role = randomRecord<ProjectRole>(store, 'projectRoles', rng);
  if (!u || !p || !role || store.get('memberships', `${u.id}|${p.id}`) !== undefined) return false;
  store.put('memberships', { userId: u.id, projectId: p.id, projectRoleId: role.id });
  return true;
};

const removeMembership: Edit = (store, rng) => {
  const m = randomRecord<Membership>(store, 'memberships', rng);
  if (!m) return false;
  store.remove('memberships', `${m.userId}|${m.projectId}`);
  return true;
};

const toggleRoleTag: Edit = (store, rng) => {
  const role = randomRecord<ProjectRole>(store, 'projectRoles', rng);
  if (!role || role.tags.length === 0) return false;
  const i = rng.index(role.tags.length);
  const t = role.tags[i];
  // Write never without read: turning read off turns write off.
  const next = t.read ? { ...t, read: false, write: false } : { ...t, read: true };
  store.put('projectRoles', { ...role, tags: role.tags.map((x, j) => (j === i ? next : x)) });
  return true;
};

const toggleFeatureSwitch: Edit = (store, rng) => {
  const role = randomRecord<ProjectRole>(store, 'projectRoles', rng);
  if (!role) return false;
  const groups = Object.keys(role.features);
  if (groups.length === 0) return false;
  const g = rng.pick(groups);
  store.put('projectRoles', { ...role, features: { ...role.features, [g]: { ...role.features[g], enabled: !role.features[g].enabled } } });
  return true;
};

const addTicket: Edit = (store, rng) => {
  const a = randomRecord<Asset>(store, 'assets', rng);
  const u = randomRecord<User>(store, 'users', rng);
  if (!a) return false;
  const id = `t-m${store.headSeq + 1}`;
  store.put('tickets', {
    id,
    title: rng.pick(TICKET_TITLES),
    projectId: a.projectId,
    assetId: a.id,
    assigneeId: u && rng.next() < 0.8 ? u.id : null,
  });
  return true;
};

const closeTicket: Edit = (store, rng) => {
  const t = randomRecord<Ticket>(store, 'tickets', rng);
  if (!t) return false;
  store.remove('tickets', t.id);
  return true;
};

const reassignTicket: Edit = (store, rng) => {
  const t = randomRecord<Ticket>(store, 'tickets', rng);
  const u = randomRecord<User>(store, 'users', rng);
  if (!t || !u) return false;
  store.put('tickets', { ...t, assigneeId: u.id });
  return true;
};

const renameSite: Edit = (store, rng) => {
  const s = randomRecord<{ id: string; name: string; organizationId: string }>(store, 'sites', rng);
  if (!s) return false;
  store.put('sites', { ...s, name: `${s.name.replace(/ \(new hall\)$/, '')} (new hall)` });
  return true;
};

/** Weighted: assets and tickets change most, roles and structure least. */
const EDITS: [Edit, number][] = [
  [renameAsset, 5],
  [retagAsset, 5],
  [recreateAsset, 2],
  [addTicket, 4],
  [closeTicket, 3],
  [reassignTicket, 2],
  [changeMembershipRole, 2],
  [addMembership, 2],
  [removeMembership, 2],
  [changeSystemRole, 1],
  [changeUserStatus, 1],
  [toggleRoleTag, 1],
  [toggleFeatureSwitch, 1],
  [renameSite, 1],
];
const TOTAL_WEIGHT = EDITS.reduce((s, [, w]) => s + w, 0);

function pickEdit(rng: Random): Edit {
  let x = rng.next() * TOTAL_WEIGHT;
  for (const [edit, w] of EDITS) {
    x -= w;
    if (x < 0) return edit;
  }
  return EDITS[0][0];
}

/** Makes `count` edits (each one a change in the feed, a delete-and-recreate counting once). */
export function mutateRandom(store: MutableStore, count: number, seed: number): void {
  const rng = createRandom(seed);
  let done = 0;
  // An edit can find nothing to do (an empty collection); give up after plenty of misses rather than spin.
  for (let attempts = 0; done < count && attempts < count * 20 + 100; attempts++) {
    if (pickEdit(rng)(store, rng, done)) done++;
  }
}
