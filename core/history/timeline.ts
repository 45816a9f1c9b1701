// Access over time for one user (issue 18): the timeline of moments their asset effects changed, since when one
// asset's current effect holds and which change made it so, and "now compared with then" grouped by cause. All of
// it is data (effects, entry indexes, attribution codes); core/wording/history.ts words it.
import { UnknownIdError } from '../engine/fleet';
import { EFFECTS, type Effect } from '../engine/codes';
import type { History, HistoryGap } from '../model/history';
import type { Asset, Snapshot } from '../model/snapshot';
import { checkInHistory, collectionAsOf, instantMs, undoAfter, type Undo } from './state-as-of';
import { NONE, snapshotAssetsIn, walkUser, type AssetsIn, type Attribution, type CauseRef, type TimelineEvent } from './walk';

export interface UserTimeline {
  userId: string;
  from: string;
  to: string;
  events: TimelineEvent[];
  gaps: HistoryGap[];
}

/** The user must be known now or in the history (else UnknownIdError, the CLI's exit 4). */
function checkUser(snapshot: Snapshot, history: History, userId: string): void {
  if (snapshot.users.some((u) => u.id === userId)) return;
  if (history.entries.some((e) => e.collection === 'users' && e.key === userId)) return;
  throw new UnknownIdError('user', userId);
}

/** The moments in [from, to] where the user's asset effects changed, each with its causes (default: whole history). */
export function userTimeline(
  snapshot: Snapshot,
  history: History,
  userId: string,
  period: { from?: string; to?: string } = {},
  opts: { assetsIn?: AssetsIn } = {},
): UserTimeline {
  checkUser(snapshot, history, userId);
  const w = walkUser(snapshot, history, userId, period, { countOthers: true, assetsIn: opts.assetsIn });
  return { userId, from: w.from, to: w.to, events: w.events, gaps: w.gaps };
}

export interface SinceWhen {
  userId: string;
  assetId: string;
  effect: Effect;
  /**
   * `CHANGED`: the effect holds since `since`, made so by `causes` (attribution says how sure). `BEFORE_HISTORY`:
   * it held already when the history starts (`since` = the history's start); no cause is known. `AFTER_GAP`: it holds
   * at least since the end of a gap (`since`, `gap`) — changes in the gap may be missing, so nothing earlier is claimed.
   */
  code: 'CHANGED' | 'BEFORE_HISTORY' | 'AFTER_GAP';
  since: string;
  /** The effect before that moment (CHANGED only). */
  previous: Effect | null;
  attribution: Attribution | null;
  causes: CauseRef[];
  gap: HistoryGap | null;
}

/** Since when the asset's current effect for the user holds, and the change that made it so. */
export function sinceWhen(
  snapshot: Snapshot,
  history: History,
  userId: string,
  assetId: string,
  opts: { assetsIn?: AssetsIn } = {},
): SinceWhen {
  checkUser(snapshot, history, userId);
  const assetsIn = opts.assetsIn ?? snapshotAssetsIn(snapshot);
  if (assetsIn(NONE, new Set([assetId])).length === 0) throw new UnknownIdError('asset', assetId);
  const w = walkUser(snapshot, history, userId, {}, { assetIds: [assetId], assetsIn });
  const effect = EFFECTS[(w.end.get(assetId) ?? 0) & 3];
  const event = w.events[w.events.length - 1];
  // Never across a gap: a gap ending after the last recorded change may hide a later one.
  const lastGap = latestGap(history.gaps);
  if (lastGap && (!event || Date.parse(event.at) < Date.parse(lastGap.from)))
    return { userId, assetId, effect, code: 'AFTER_GAP', since: lastGap.to, previous: null, attribution: null, causes: [], gap: lastGap };
  if (!event)
    return {
      userId,
      assetId,
      effect,
      code: 'BEFORE_HISTORY',
      since: history.since,
      previous: null,
      attribution: null,
      causes: [],
      gap: null,
    };
  const group = event.groups[0];
  const causes = event.causes.filter((c) => group.causes.includes(c.entry));
  return {
    userId,
    assetId,
    effect,
    code: 'CHANGED',
    since: event.at,
    previous: group.from,
    attribution: group.attribution,
    causes,
    gap: event.gap,
  };
}

export interface ThenNowGroup {
  from: Effect;
  to: Effect;
  /** When the last change of these assets' effect happened, and what caused it. */
  at: string;
  attribution: Attribution;
  causes: CauseRef[];
  assetIds: string[];
}

export interface ThenNow {
  userId: string;
  /** The moment compared with, and the last change's time ("now" as far as the history knows). */
  thenAt: string;
  nowAt: string;
  /** Assets whose effect rose (hidden → read → full), grouped by the change that last moved each. */
  gained: ThenNowGroup[];
  lost: ThenNowGroup[];
  gaps: HistoryGap[];
}

/** The user's assets now against `then`: gained and lost, grouped by the causing change. */
export function compareWithThen(
  snapshot: Snapshot,
  history: History,
  userId: string,
  then: string,
  opts: { projectIds?: ReadonlySet<string>; assetsIn?: AssetsIn; undoFrom?: Undo } = {},
): ThenNow {
  checkUser(snapshot, history, userId);
  const undoFrom = opts.undoFrom ?? undoAfter(history, instantMs(then));
  const w = walkUser(snapshot, history, userId, { from: then }, { countOthers: true, assetsIn: opts.assetsIn, undoFrom });
  // The last event group each asset appears in is the change that gave it its current effect.
  const lastGroup = new Map<string, { e: number; g: number }>();
  w.events.forEach((ev, e) => ev.groups.forEach((grp, g) => grp.assetIds.forEach((id) => lastGroup.set(id, { e, g }))));
  const groups = new Map<string, ThenNowGroup>();
  const ids = new Set([...w.start.keys(), ...w.end.keys()]);
  const projectOf = opts.projectIds ? projectLookup(snapshot, undoFrom.get('assets'), ids, opts.assetsIn) : null;
  for (const id of ids) {
    const before = (w.start.get(id) ?? 0) & 3;
    const after = (w.end.get(id) ?? 0) & 3;
    if (before === after) continue;
    if (projectOf && !projectOf(id).some((p) => opts.projectIds!.has(p))) continue;
    const at = lastGroup.get(id);
    if (!at) continue; // cannot happen: an effect only changes at an event
    const ev = w.events[at.e];
    const grp = ev.groups[at.g];
    // A change before a gap is not claimed as the cause of today's effect: the gap may hide a later one.
    const acrossGap = w.gaps.some((g) => Date.parse(g.from) > Date.parse(ev.at));
    const key = `${before}>${after}>${at.e}>${at.g}>${acrossGap}`;
    let out = groups.get(key);
    if (!out)
      groups.set(
        key,
        (out = {
          from: EFFECTS[before],
          to: EFFECTS[after],
          at: ev.at,
          attribution: acrossGap ? 'GAP' : grp.attribution,
          causes: acrossGap ? [] : ev.causes.filter((c) => grp.causes.includes(c.entry)),
          assetIds: [],
        }),
      );
    out.assetIds.push(id);
  }
  const all = [...groups.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const rank = (e: Effect) => EFFECTS.indexOf(e);
  return {
    userId,
    thenAt: then,
    nowAt: w.to,
    gained: all.filter((g) => rank(g.to) > rank(g.from)),
    lost: all.filter((g) => rank(g.to) < rank(g.from)),
    gaps: w.gaps,
  };
}

const latestGap = (gaps: readonly HistoryGap[]): HistoryGap | null =>
  gaps.reduce<HistoryGap | null>((best, g) => (best === null || Date.parse(g.to) > Date.parse(best.to) ? g : best), null);

/**
 * Project ids an asset had then and now, for the assets compared: each read by id (the first record of an id, as
 * the engine reads it) and taken back through the history, never the whole asset list or state, since a role's
 * comparison asks this for each of its holders.
 */
function projectLookup(
  snapshot: Snapshot,
  undo: Map<string, unknown> | undefined,
  ids: ReadonlySet<string>,
  assetsIn: AssetsIn = snapshotAssetsIn(snapshot),
): (assetId: string) => string[] {
  const now = new Map<string, string>();
  for (const a of assetsIn(NONE, ids)) if (!now.has(a.id)) now.set(a.id, a.projectId);
  return (id) => {
    const old = undo?.has(id) ? (undo.get(id) as Asset | null)?.projectId : now.get(id);
    return [now.get(id), old].filter((p): p is string => p !== undefined);
  };
}

export interface RoleThenNow {
  roleId: string;
  thenAt: string;
  /** Per user holding the role then or now: their assets in the projects where they hold it, gained and lost. */
  holders: ThenNow[];
}

/** Everyone holding the role (then or now), compared now with then in the projects where they hold it. */
export function compareRoleWithThen(
  snapshot: Snapshot,
  history: History,
  roleId: string,
  then: string,
  opts: { assetsIn?: AssetsIn } = {},
): RoleThenNow {
  // Of the state then only the roles and memberships are read.
  const atMs = instantMs(then);
  checkInHistory(history, atMs);
  const undo = undoAfter(history, atMs);
  const rolesThen = collectionAsOf('projectRoles', snapshot.projectRoles, undo.get('projectRoles'));
  const membershipsThen = collectionAsOf('memberships', snapshot.memberships, undo.get('memberships'));
  if (!snapshot.projectRoles.some((r) => r.id === roleId) && !rolesThen.some((r) => r.id === roleId))
    throw new UnknownIdError('projectRole', roleId);
  const projectsOf = new Map<string, Set<string>>();
  for (const m of [...snapshot.memberships, ...membershipsThen]) {
    if (m.projectRoleId !== roleId) continue;
    let s = projectsOf.get(m.userId);
    if (!s) projectsOf.set(m.userId, (s = new Set()));
    s.add(m.projectId);
  }
  const holders: ThenNow[] = [];
  for (const [userId, projectIds] of projectsOf) {
    const c = compareWithThen(snapshot, history, userId, then, { projectIds, assetsIn: opts.assetsIn, undoFrom: undo });
    if (c.gained.length || c.lost.length) holders.push(c);
  }
  return { roleId, thenAt: then, holders };
}
