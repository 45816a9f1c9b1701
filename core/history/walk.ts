// The history walker: one user's asset effects moment by moment over a period, without compiling the fleet per change.
// One "universe" fleet is compiled holding every version of every asset the period shows (the state at its start and
// each `after`), with the organizations, sites and system roles of the time. A moment that changes only assets
// re-evaluates those assets (their new version against the user's compiled context); a moment that changes the user,
// their memberships or a role they hold rebuilds that small context (one compiled user, a role per project) and
// re-evaluates every asset; only organization, site or system-role changes that can move scope recompile the
// universe. Each moment whose effects change is attributed by undoing its changes one at a time (flips, backwards).
import { recordKey } from '../api/contract';
import { EFFECTS, type Effect } from '../engine/codes';
import { evaluatePacked } from '../engine/evaluate';
import {
  assetInUserScope,
  compileFleet,
  compileRole,
  compileUser,
  roleAssetPacked,
  type CompiledRole,
  type CompiledUser,
  type Fleet,
} from '../engine';
import type { History, HistoryEntry, HistoryGap } from '../model/history';
import type { Asset, CollectionName, Membership, Organization, ProjectRole, Site, Snapshot, SystemRole, User } from '../model/snapshot';
import { checkInHistory, collectionAsOf, entryTimes, firstEntryAfter, instantMs, undoAfter, type Undo } from './state-as-of';

/** How a moment's change of effect is tied to its changes. */
export const ATTRIBUTIONS = [
  /** Undoing this one change alone restores the earlier effect (the others at that moment do not matter). */
  'CAUSE',
  /** Several changes, each needed: undoing any one of them alone restores the earlier effect. */
  'ALL_NEEDED',
  /** Several changes together, none needed alone: undoing any single one does not restore the earlier effect. */
  'TOGETHER',
  /** The moment lies in a gap of the history: changes may be missing there, so no cause is claimed. */
  'GAP',
] as const;
export type Attribution = (typeof ATTRIBUTIONS)[number];

export type ChangeKind = 'created' | 'changed' | 'deleted';

/** One history entry as a cause; `otherUsers`/`otherAssets`: how many other users (and their assets) the same change
 * moved, for a role change (0 for a user or membership change, which touches one user; null when not counted). */
export interface CauseRef {
  entry: number;
  collection: HistoryEntry['collection'];
  key: string;
  at: string;
  author: string | null;
  kind: ChangeKind;
  otherUsers: number | null;
  otherAssets: number | null;
}

export interface EffectChangeGroup {
  from: Effect;
  to: Effect;
  attribution: Attribution;
  /** Entry indexes (history.entries) of the causes; for TOGETHER every change at the moment that touches these assets. */
  causes: number[];
  assetIds: string[];
}

export interface TimelineEvent {
  at: string;
  groups: EffectChangeGroup[];
  /** Every change at this moment that could touch the user's access, with who else it moved. */
  causes: CauseRef[];
  /** The gap this moment lies in, when it does. */
  gap: HistoryGap | null;
}

/**
 * The current asset records in these projects or with these ids, in the snapshot's order; later records of an id
 * may be left out (the first wins). A fleet gives them from its columns (assetRecordsIn), so a walk never builds the
 * whole asset list of a fleet loaded from its image; without one they are filtered from `snapshot.assets`.
 */
export type AssetsIn = (projectIds: ReadonlySet<string>, ids: ReadonlySet<string>) => readonly Asset[];

/** The default AssetsIn: the snapshot's own records, filtered. */
export const snapshotAssetsIn =
  (snapshot: Snapshot): AssetsIn =>
  (projectIds, ids) =>
    snapshot.assets.filter((a) => projectIds.has(a.projectId) || ids.has(a.id));

/** No projects, or no ids, for an AssetsIn. */
export const NONE: ReadonlySet<string> = new Set();

export interface WalkOptions {
  /** Only these assets (since-when asks about one). */
  assetIds?: readonly string[];
  /** Where the walk reads the assets of some projects (default: filtered from `snapshot.assets`). */
  assetsIn?: AssetsIn;
  /** Count the other users each role change moved (costs a pass over the role's projects). */
  countOthers?: boolean;
  /**
   * `undoAfter(history, from)`, when the caller has it already: a role's now-against-then walks each holder from the
   * same moment.
   */
  undoFrom?: Undo;
}

export interface Walk {
  userId: string;
  from: string;
  to: string;
  events: TimelineEvent[];
  /** Gaps that overlap the period. */
  gaps: HistoryGap[];
  /** Effects at the start and the end, by asset id (tracked assets that exist at that time). */
  start: Map<string, number>;
  end: Map<string, number>;
}

const kindOf = (e: HistoryEntry): ChangeKind => (e.before === null ? 'created' : e.after === null ? 'deleted' : 'changed');
const isStructural = (e: HistoryEntry): boolean => {
  if (e.collection === 'organizations') {
    const b = e.before as Organization | null;
    const a = e.after as Organization | null;
    return !b || !a || b.parentId !== a.parentId || b.type !== a.type || b.id !== a.id;
  }
  if (e.collection === 'sites') {
    const b = e.before as Site | null;
    const a = e.after as Site | null;
    return !b || !a || b.organizationId !== a.organizationId || b.id !== a.id;
  }
  if (e.collection === 'systemRoles') return !e.before || !e.after || (e.before as SystemRole).id !== (e.after as SystemRole).id;
  return false;
};

/** Walks the user's effects from `from` to `to` (ISO times; default: the history's start and the last change). */
export function walkUser(
  snapshot: Snapshot,
  history: History,
  userId: string,
  period: { from?: string; to?: string } = {},
  opts: WalkOptions = {},
): Walk {
  const fromMs = period.from === undefined ? Date.parse(history.since) : instantMs(period.from);
  checkInHistory(history, fromMs);
  const toMs = period.to === undefined ? Number.POSITIVE_INFINITY : instantMs(period.to);
  const fromIso = period.from ?? history.since;
  const entries = history.entries;
  const first = firstEntryAfter(history, fromMs);
  let last = first;
  const times = entryTimes(history);
  while (last < entries.length && times[last] <= toMs) last++;
  const toIso = period.to ?? (last > first ? entries[last - 1].at : fromIso);
  const filter = opts.assetIds ? new Set(opts.assetIds) : null;

  // Live state at `from`, keyed as the feed keys records (first record wins, as in the engine).
  const undo = opts.undoFrom ?? undoAfter(history, fromMs);
  const asOf = <T>(c: CollectionName, records: readonly T[] | undefined) => collectionAsOf(c, records, undo.get(c));
  const start = {
    organizations: asOf('organizations', snapshot.organizations),
    sites: asOf('sites', snapshot.sites),
    systemRoles: snapshot.systemRoles === undefined && !undo.has('systemRoles') ? undefined : asOf('systemRoles', snapshot.systemRoles),
    users: asOf('users', snapshot.users),
    projectRoles: asOf('projectRoles', snapshot.projectRoles),
    memberships: asOf('memberships', snapshot.memberships),
  };
  const keyed = <T>(
    c: 'organizations' | 'sites' | 'systemRoles' | 'users' | 'projectRoles' | 'memberships',
    records: readonly T[] | undefined,
  ) => {
    const m = new Map<string, T>();
    for (const r of records ?? []) {
      const k = recordKey(c, r as Record<string, unknown>);
      if (!m.has(k)) m.set(k, r);
    }
    return m;
  };
  const orgs = keyed('organizations', start.organizations);
  const sites = keyed('sites', start.sites);
  let systemRoles = start.systemRoles === undefined ? null : keyed('systemRoles', start.systemRoles);
  // Of users and memberships only the user's own are ever read: at 1M keying all of them (50k users, 100k
  // memberships) cost more than the rest of a since-when walk.
  const users = keyed<User>(
    'users',
    start.users?.filter((u) => u.id === userId),
  );
  const roles = keyed<ProjectRole>('projectRoles', start.projectRoles);
  const memberships = keyed<Membership>(
    'memberships',
    start.memberships?.filter((m) => m.userId === userId),
  );

  // Only assets in projects where the user holds a membership at some moment of the period can be anything but
  // hidden for them (R3 step 4) — unless they are a Global Admin at some moment: then every asset counts.
  const projects = new Set<string>();
  let everyAsset = false;
  for (const m of memberships.values()) if (m.userId === userId) projects.add(m.projectId);
  const me = users.get(userId);
  if (me?.systemRoleId === 'globalAdmin') everyAsset = true;
  // An active Global Admin throughout (record and catalog untouched) sees every asset in full whatever the asset:
  // the universe then needs no compiled assets, only their existence.
  let alwaysAdmin =
    me?.status === 'active' && me.systemRoleId === 'globalAdmin' && (systemRoles === null || systemRoles.has('globalAdmin'));
  for (let x = first; x < last; x++) {
    const e = entries[x];
    if (e.collection === 'memberships') {
      for (const m of [e.before, e.after] as (Membership | null)[]) if (m && m.userId === userId) projects.add(m.projectId);
    } else if (e.collection === 'users' && e.key === userId) {
      alwaysAdmin = false;
      for (const u of [e.before, e.after] as (User | null)[]) if (u?.systemRoleId === 'globalAdmin') everyAsset = true;
    } else if (e.collection === 'systemRoles') alwaysAdmin = false;
  }
  const inProjects = new Set<string>();
  if (!everyAsset)
    for (let x = first; x < last; x++) {
      const e = entries[x];
      if (e.collection !== 'assets') continue;
      for (const a of [e.before, e.after] as (Asset | null)[]) if (a && projects.has(a.projectId)) inProjects.add(e.key);
    }
  const tracked = (key: string, a: Asset | null) =>
    (filter === null || filter.has(key)) && (everyAsset || inProjects.has(key) || (a !== null && projects.has(a.projectId)));

  // Asset versions: every tracked asset at `from`, then each tracked `after` in the period.
  const versions: Asset[] = [];
  const keyIndex = new Map<string, number>();
  const keys: string[] = [];
  const cur: number[] = [];
  const assetsIn = opts.assetsIn ?? snapshotAssetsIn(snapshot);
  // Only records that can be kept are read: the asked ones (since-when), else those of the user's projects and the
  // ids the history tracks there, else (a Global Admin at some moment) every one.
  const current = filter ? assetsIn(NONE, filter) : everyAsset ? snapshot.assets : assetsIn(projects, inProjects);
  for (const a of collectionAsOf('assets', current, undo.get('assets'), (r) => tracked(r.id, r))) {
    if (keyIndex.has(a.id)) continue;
    keyIndex.set(a.id, keys.length);
    keys.push(a.id);
    cur.push(versions.length);
    versions.push(a);
  }
  const entryVersion = new Int32Array(Math.max(0, last - first)).fill(-1);
  for (let i = first; i < last; i++) {
    const e = entries[i];
    if (e.collection !== 'assets' || !(keyIndex.has(e.key) || tracked(e.key, e.after as Asset | null))) continue;
    if (!keyIndex.has(e.key)) {
      keyIndex.set(e.key, keys.length);
      keys.push(e.key);
      cur.push(-1);
    }
    if (e.after !== null) {
      entryVersion[i - first] = versions.length;
      versions.push(e.after as Asset);
    }
  }
  const K = keys.length;
  const curVersion = Int32Array.from(cur);
  const keyOfVersion = new Int32Array(versions.length);
  for (let k = 0; k < K; k++) if (cur[k] >= 0) keyOfVersion[cur[k]] = k;
  for (let x = first; x < last; x++)
    if (entryVersion[x - first] >= 0) keyOfVersion[entryVersion[x - first]] = keyIndex.get(entries[x].key)!;

  let fleet: Fleet = compileUniverse();
  let roleCache = new Map<ProjectRole, CompiledRole>();
  function compileUniverse(): Fleet {
    return compileFleet({
      version: 1,
      organizations: [...orgs.values()],
      sites: [...sites.values()],
      ...(systemRoles ? { systemRoles: [...systemRoles.values()] } : {}),
      users: [],
      projects: [],
      projectRoles: [],
      memberships: [],
      assets: alwaysAdmin ? [] : versions,
      tickets: [],
    });
  }
  // Asset versions by site index of the universe, built on the first site move.
  let versionsBySite: Map<number, number[]> | null = null;
  /** Moves sites to other organizations inside the compiled universe; false when a full recompile is needed. */
  function moveSitesInPlace(moved: Site[]): boolean {
    for (const s of moved) {
      const si = fleet.siteIndex.get(s.id);
      const orgKey = fleet.orgKeyIndex.get(s.organizationId);
      // an unknown organization would need a key of its own, a duplicate site id another first record
      if (si === undefined || orgKey === undefined || fleet.snapshot.sites[si].id !== s.id) return false;
    }
    if (!versionsBySite) {
      versionsBySite = new Map();
      for (let v = 0; v < fleet.assetSite.length; v++) {
        const si = fleet.assetSite[v];
        if (si < 0) continue;
        let l = versionsBySite.get(si);
        if (!l) versionsBySite.set(si, (l = []));
        l.push(v);
      }
    }
    for (const s of moved) {
      const si = fleet.siteIndex.get(s.id)!;
      const orgKey = fleet.orgKeyIndex.get(s.organizationId)!;
      fleet.siteOrg[si] = orgKey;
      for (const v of versionsBySite.get(si) ?? []) fleet.assetOrgPos[v] = fleet.orgStart[orgKey];
    }
    return true;
  }
  const compiledRole = (r: ProjectRole | null | undefined): CompiledRole | null => {
    if (!r) return null;
    let c = roleCache.get(r);
    if (!c) roleCache.set(r, (c = compileRole(fleet, r)));
    return c;
  };
  const compiledUser = (u: User | null | undefined): CompiledUser | null =>
    u ? compileUser({ ...fleet, snapshot: { ...fleet.snapshot, users: [u] } }, 0) : null;

  // The user's context: compiled user and the role per project key of the universe.
  const myMemberships = new Map<string, string>(); // projectId → projectRoleId
  for (const m of memberships.values()) if (m.userId === userId) myMemberships.set(m.projectId, m.projectRoleId);
  interface Context {
    user: CompiledUser | null;
    rolesByKey: (CompiledRole | null)[];
  }
  const contextOf = (u: User | null | undefined, mine: Map<string, string>, roleOf: (id: string) => ProjectRole | undefined): Context => {
    const rolesByKey: (CompiledRole | null)[] = new Array(fleet.projectKeyIds.length).fill(null);
    for (const [projectId, roleId] of mine) {
      const k = fleet.projectKeyIndex.get(projectId);
      if (k !== undefined) rolesByKey[k] = compiledRole(roleOf(roleId));
    }
    return { user: compiledUser(u), rolesByKey };
  };
  const roleById = (id: string) => roles.get(id);
  let ctx = contextOf(users.get(userId), myMemberships, roleById);
  const evalVersion = (c: Context, v: number): number =>
    v < 0 || c.user === null ? 0 : evaluatePacked(fleet, c.user, c.rolesByKey[fleet.assetProject[v]] ?? null, v);

  const packed = new Int32Array(K);
  for (let k = 0; k < K; k++) packed[k] = evalVersion(ctx, curVersion[k]);
  const startEffects = new Map<string, number>();
  for (let k = 0; k < K; k++) if (curVersion[k] >= 0) startEffects.set(keys[k], packed[k]);

  const events: TimelineEvent[] = [];
  const gaps = history.gaps.filter((g) => Date.parse(g.to) >= fromMs && Date.parse(g.from) <= toMs);
  const gapAt = (ms: number) => gaps.find((g) => Date.parse(g.from) <= ms && ms <= Date.parse(g.to)) ?? null;
  const heldRoles = () => new Set(myMemberships.values());
  const ignorable = (e: HistoryEntry): boolean => {
    switch (e.collection) {
      case 'assets':
        return !keyIndex.has(e.key);
      case 'users':
        return e.key !== userId;
      case 'memberships':
        return ((e.after ?? e.before) as Membership).userId !== userId;
      case 'projects':
      case 'tickets':
        return true;
      default:
        return false;
    }
  };

  let i = first;
  while (i < last) {
    const atMs = times[i];
    let j = i;
    while (j < last && times[j] === atMs) j++;
    // Most moments are one change nobody but others care about: an asset outside the user's projects, another
    // user or their membership, a project or a ticket. They leave this user's state and effects as they are.
    if (j === i + 1 && ignorable(entries[i])) {
      i = j;
      continue;
    }
    // Which changes at this moment can touch the user: their record, their memberships, roles they hold (before or
    // after), scope structure, tracked assets.
    const rolesBefore = heldRoles();
    const prevVersion = new Map<number, number>();
    // The version each asset change replaced: a record changed twice at one moment is undone one change at a time,
    // to that change's own `before` (as users, memberships and roles are), not to the moment's start.
    const replacedVersion = new Map<number, number>();
    const relevant: number[] = [];
    let context = false;
    let structuralCount = 0; // organizations, sites and system roles changed in a way that reshapes the scope tree
    const siteMoves: Site[] = [];
    for (let x = i; x < j; x++) {
      const e = entries[x];
      const before = e.before as Record<string, unknown> | null;
      const after = e.after as Record<string, unknown> | null;
      switch (e.collection) {
        case 'assets': {
          const k = keyIndex.get(e.key);
          if (k === undefined) break;
          if (!prevVersion.has(k)) prevVersion.set(k, curVersion[k]);
          replacedVersion.set(x, curVersion[k]);
          curVersion[k] = entryVersion[x - first];
          relevant.push(x);
          break;
        }
        case 'users':
          setOrDelete(users, e.key, after as User | null);
          if (e.key === userId) {
            context = true;
            relevant.push(x);
          }
          break;
        case 'memberships': {
          setOrDelete(memberships, e.key, after as Membership | null);
          const m = (after ?? before) as Membership;
          if (m.userId === userId) {
            if (after) myMemberships.set((after as Membership).projectId, (after as Membership).projectRoleId);
            else myMemberships.delete(m.projectId);
            context = true;
            relevant.push(x);
          }
          break;
        }
        case 'projectRoles':
          setOrDelete(roles, e.key, after as ProjectRole | null);
          break;
        case 'organizations':
          setOrDelete(orgs, e.key, after as Organization | null);
          if (isStructural(e)) {
            structuralCount++;
            relevant.push(x);
          }
          break;
        case 'sites':
          setOrDelete(sites, e.key, after as Site | null);
          if (isStructural(e)) {
            structuralCount++;
            relevant.push(x);
            if (before && after && before.id === after.id) siteMoves.push(after as Site);
          }
          break;
        case 'systemRoles':
          systemRoles ??= new Map();
          setOrDelete(systemRoles, e.key, after as SystemRole | null);
          if (isStructural(e)) {
            structuralCount++;
            relevant.push(x);
          }
          break;
        default:
          break; // projects and tickets do not move asset access (R3 compares project ids as given)
      }
    }
    const rolesAfter = heldRoles();
    for (let x = i; x < j; x++) {
      const e = entries[x];
      if (e.collection === 'projectRoles' && (rolesBefore.has(e.key) || rolesAfter.has(e.key))) {
        context = true;
        relevant.push(x);
      }
    }
    relevant.sort((a, b) => a - b);
    let structural = structuralCount > 0;
    if (structural) {
      if (siteMoves.length > 0 && siteMoves.length === structuralCount && moveSitesInPlace(siteMoves)) {
        // only sites moved between known organizations: the tree is unchanged, only their assets need a look
        structural = false;
        for (const site of siteMoves)
          for (const v of versionsBySite!.get(fleet.siteIndex.get(site.id)!) ?? []) {
            const k = keyOfVersion[v];
            if (curVersion[k] === v && !prevVersion.has(k)) prevVersion.set(k, v);
          }
      } else {
        fleet = compileUniverse();
        roleCache = new Map();
        versionsBySite = null;
      }
    }
    if (context || structural) ctx = contextOf(users.get(userId), myMemberships, roleById);

    const changed: number[] = [];
    const oldPacked = new Map<number, number>();
    const recompute = (k: number) => {
      const p = evalVersion(ctx, curVersion[k]);
      if ((p & 3) !== (packed[k] & 3)) {
        changed.push(k);
        oldPacked.set(k, packed[k]);
      }
      packed[k] = p;
    };
    if (context || structural) for (let k = 0; k < K; k++) recompute(k);
    else for (const k of prevVersion.keys()) recompute(k);

    if (changed.length > 0) {
      const gap = gapAt(atMs);
      // Attribution: which changes, undone alone, give back the earlier effect of each asset.
      const restores = (x: number, k: number): boolean => {
        const e = entries[x];
        const want = (oldPacked.get(k) ?? 0) & 3;
        if (e.collection === 'assets') {
          if (keyIndex.get(e.key) !== k) return false;
          return (evalVersion(ctx, replacedVersion.get(x) ?? -1) & 3) === want;
        }
        const undone = undoneContext(x);
        return undone !== null && (evalVersion(undone, curVersion[k]) & 3) === want;
      };
      const undoneCache = new Map<number, Context | null>();
      function undoneContext(x: number): Context | null {
        if (undoneCache.has(x)) return undoneCache.get(x)!;
        const e = entries[x];
        let c: Context | null = null;
        if (e.collection === 'users') c = contextOf(e.before as User | null, myMemberships, roleById);
        else if (e.collection === 'memberships') {
          const mine = new Map(myMemberships);
          const b = e.before as Membership | null;
          const a = e.after as Membership | null;
          if (a) mine.delete(a.projectId);
          if (b) mine.set(b.projectId, b.projectRoleId);
          c = contextOf(users.get(userId), mine, roleById);
        } else if (e.collection === 'projectRoles') {
          const b = e.before as ProjectRole | null;
          c = contextOf(users.get(userId), myMemberships, (id) => (id === e.key ? (b ?? undefined) : roles.get(id)));
        } // structural changes are not undone one by one (that would need another universe): never a lone cause
        undoneCache.set(x, c);
        return c;
      }
      const touches = (x: number, k: number) => entries[x].collection !== 'assets' || keyIndex.get(entries[x].key) === k;
      const groups = new Map<string, EffectChangeGroup>();
      for (const k of changed) {
        const fromE = EFFECTS[(oldPacked.get(k) ?? 0) & 3];
        const toE = EFFECTS[packed[k] & 3];
        const candidates = relevant.filter((x) => touches(x, k));
        let attribution: Attribution;
        let causes: number[];
        if (gap) {
          attribution = 'GAP';
          causes = [];
        } else if (candidates.length === 1) {
          attribution = 'CAUSE';
          causes = candidates;
        } else {
          causes = candidates.filter((x) => restores(x, k));
          attribution = causes.length === 1 ? 'CAUSE' : causes.length > 1 ? 'ALL_NEEDED' : 'TOGETHER';
          if (causes.length === 0) causes = candidates;
        }
        const id = `${fromE}>${toE}>${attribution}>${causes.join(',')}`;
        let g = groups.get(id);
        if (!g) groups.set(id, (g = { from: fromE, to: toE, attribution, causes, assetIds: [] }));
        g.assetIds.push(keys[k]);
      }
      const causeEntries = [...new Set([...groups.values()].flatMap((g) => (g.attribution === 'GAP' ? relevant : g.causes)))].sort(
        (a, b) => a - b,
      );
      events.push({
        at: entries[i].at,
        groups: [...groups.values()],
        causes: causeEntries.map((x) => causeRef(x, opts.countOthers === true && filter === null ? othersMoved(x) : null)),
        gap,
      });
    }
    i = j;
  }

  const endEffects = new Map<string, number>();
  for (let k = 0; k < K; k++) if (curVersion[k] >= 0) endEffects.set(keys[k], packed[k]);
  return { userId, from: fromIso, to: toIso, events, gaps, start: startEffects, end: endEffects };

  function causeRef(x: number, others: { users: number; assets: number } | null): CauseRef {
    const e = entries[x];
    const single = e.collection === 'users' || e.collection === 'memberships';
    return {
      entry: x,
      collection: e.collection,
      key: e.key,
      at: e.at,
      author: e.author,
      kind: kindOf(e),
      otherUsers: single ? 0 : others ? others.users : null,
      otherAssets: single ? 0 : others ? others.assets : null,
    };
  }

  /**
   * For a role change: other holders (in the whole state right after the moment) whose asset effects it moved, and
   * how many assets. The walk's universe holds only this user's projects, so this compiles the role's projects alone.
   */
  function othersMoved(x: number): { users: number; assets: number } | null {
    const e = entries[x];
    if (e.collection !== 'projectRoles') return null;
    // The state right after the moment, read only as far as needed: memberships, then the holders and their projects.
    const undoThen = undoAfter(history, times[x]);
    const then = <T>(c: CollectionName, records: readonly T[] | undefined, keep?: (r: T) => boolean) =>
      collectionAsOf(c, records, undoThen.get(c), keep);
    const projectsOf = new Map<string, Set<string>>();
    for (const m of then('memberships', snapshot.memberships)) {
      if (m.projectRoleId !== e.key || m.userId === userId) continue;
      let set = projectsOf.get(m.userId);
      if (!set) projectsOf.set(m.userId, (set = new Set()));
      set.add(m.projectId);
    }
    if (projectsOf.size === 0) return { users: 0, assets: 0 };
    const all = new Set([...projectsOf.values()].flatMap((p) => [...p]));
    const onlyTags = changedTagsOnly(e.before as ProjectRole | null, e.after as ProjectRole | null);
    const f = compileFleet({
      version: 1,
      organizations: then('organizations', snapshot.organizations),
      sites: then('sites', snapshot.sites),
      ...(snapshot.systemRoles === undefined && !undoThen.has('systemRoles')
        ? {}
        : { systemRoles: then('systemRoles', snapshot.systemRoles) }),
      users: then('users', snapshot.users, (u) => projectsOf.has(u.id)),
      projects: [],
      projectRoles: [],
      memberships: [],
      // When only some tags' grants changed, only assets carrying one of them can move.
      assets: then(
        'assets',
        assetsIn(all, NONE),
        (a) => all.has(a.projectId) && (onlyTags === null || a.tags.some((t) => onlyTags.has(t))),
      ),
      tickets: [],
    });
    const before = e.before ? compileRole(f, e.before as ProjectRole) : null;
    const after = e.after ? compileRole(f, e.after as ProjectRole) : null;
    const assetsOf = new Map<string, number[]>();
    f.snapshot.assets.forEach((a, i) => {
      if (f.assetDuplicate[i]) return;
      let l = assetsOf.get(a.projectId);
      if (!l) assetsOf.set(a.projectId, (l = []));
      l.push(i);
    });
    let movedUsers = 0;
    let movedAssets = 0;
    for (const [otherId, projectIds] of projectsOf) {
      const ui = f.userIndex.get(otherId);
      const u = ui === undefined ? null : f.users[ui];
      if (!u || !u.active || u.isGlobalAdmin) continue;
      let n = 0;
      for (const projectId of projectIds)
        for (const a of assetsOf.get(projectId) ?? []) {
          if (!assetInUserScope(f, u, a)) continue;
          const b = before ? roleAssetPacked(f, before, a) & 3 : 0;
          const c = after ? roleAssetPacked(f, after, a) & 3 : 0;
          if (b !== c) n++;
        }
      if (n > 0) {
        movedUsers++;
        movedAssets += n;
      }
    }
    return { users: movedUsers, assets: movedAssets };
  }
}

/**
 * The tags whose grants differ between two versions of a role, when nothing else that reaches assets differs (the
 * Assets switch and function, untagged access, having tag entries at all); null otherwise.
 */
function changedTagsOnly(b: ProjectRole | null, a: ProjectRole | null): Set<string> | null {
  if (!b || !a) return null;
  const sw = (r: ProjectRole) =>
    JSON.stringify([
      r.features.assets?.enabled ?? false,
      r.features.assets?.functions.assets ?? null,
      r.fullAccessUntagged,
      r.tags.length > 0,
    ]);
  if (sw(b) !== sw(a)) return null;
  const grant = (r: ProjectRole) => new Map(r.tags.map((t) => [t.tag, `${t.read}${t.write}`]));
  const gb = grant(b);
  const ga = grant(a);
  if (gb.size !== b.tags.length || ga.size !== a.tags.length) return null; // a tag listed twice: no shortcut
  const out = new Set<string>();
  for (const t of new Set([...gb.keys(), ...ga.keys()])) if (gb.get(t) !== ga.get(t)) out.add(t);
  return out;
}

function setOrDelete<T>(m: Map<string, T>, key: string, value: T | null): void {
  if (value === null) m.delete(key);
  else m.set(key, value);
}
