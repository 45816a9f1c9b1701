// The effect of one project-role edit on the whole fleet (Engineering → Roles, seed 004), computed on the compiled
// fleet while the administrator edits: who holds the role (users × projects) and, per holder, the assets gained and
// lost by effect (R3), the functions and menu items that change (R1), the tickets that become visible, redacted or
// hidden (R4). Only assets and tickets of projects where the role is used can change, and a holder only through
// their own membership in such a project, so the work is bounded by those projects, not the fleet.
//
// Speed: an asset's step 5–6 result depends on the role alone, so each project's changed assets are found once
// (before vs after role); a holder then only adds the scope test (R3 step 3). Holders with the same scope share it
// (a "scope class"), and the common class — an organization subtree, or the whole fleet — is a range of the tree's
// intervals, counted by binary search over the changed assets sorted by their organization position.
import { EFFECTS, type Effect } from './codes';
import type { EffectCounts, HolderCode, HolderImpact, RoleImpact, TicketOutcome } from './role-impact-types';
import { normaliseRole } from '../model/draft-role';
import { groupByKey } from './group-by-key';
import { roleAssetPacked } from './evaluate';
import { functionLevels, LEVELS, menuOf, projectsUsingRole } from './features';
import { assetIdAt, assetInUserScope, assetNameAt, compileRole, type CompiledRole, type CompiledUser, type Fleet } from './fleet';
import { FEATURE_GROUPS, FUNCTION_IDS } from '../model/catalog';
import type { ProjectRole } from '../model/snapshot';

export type { HolderImpact, RoleImpact } from './role-impact-types';
const TICKET_OUTCOMES: readonly TicketOutcome[] = ['hidden', 'redacted', 'visible'];

export interface RoleImpactOptions {
  /** The "before" side in place of the stored role (after a save: the role as it was). */
  baseline?: ProjectRole;
}

// ---- per-fleet indexes ------------------------------------------------------------------------------------------

interface FleetIndex {
  /** Assets per project key (CSR, ascending asset index, duplicate records left out). */
  assetStart: Int32Array;
  assetList: Int32Array;
  /** Tickets per project key (CSR). */
  ticketStart: Int32Array;
  ticketList: Int32Array;
  /** Asset index of each ticket: -1 no asset, -2 an asset id the snapshot does not hold. */
  ticketAsset: Int32Array;
  ticketProject: Int32Array;
  /** Tickets whose asset lies in another project than the ticket, per the asset's project key (CSR). */
  crossStart: Int32Array;
  crossList: Int32Array;
}
const indexes = new WeakMap<Fleet, FleetIndex>();

function fleetIndex(fleet: Fleet): FleetIndex {
  let ix = indexes.get(fleet);
  if (ix) return ix;
  const P = fleet.projectKeyIds.length;
  const assets = groupByKey(fleet.assetProject, P, fleet.assetDuplicate);
  const tickets = fleet.snapshot.tickets;
  const ticketProject = Int32Array.from(tickets, (t) => fleet.projectKeyIndex.get(t.projectId)!);
  const ticketAsset = Int32Array.from(tickets, (t) => (t.assetId === null ? -1 : (fleet.assetIndex.get(t.assetId) ?? -2)));
  // A ticket record that loses to an earlier one with its id is invisible to lookups; list views skip it.
  const ticketDup = Uint8Array.from(tickets, (t, i) => (fleet.ticketIndex.get(t.id) === i ? 0 : 1));
  const byProject = groupByKey(ticketProject, P, ticketDup);
  const crossKey = new Int32Array(tickets.length);
  const notCross = new Uint8Array(tickets.length);
  for (let t = 0; t < tickets.length; t++) {
    const a = ticketAsset[t];
    if (ticketDup[t] || a < 0 || fleet.assetProject[a] === ticketProject[t]) notCross[t] = 1;
    else crossKey[t] = fleet.assetProject[a];
  }
  const cross = groupByKey(crossKey, P, notCross);
  ix = {
    assetStart: assets.start,
    assetList: assets.list,
    ticketStart: byProject.start,
    ticketList: byProject.list,
    ticketAsset,
    ticketProject,
    crossStart: cross.start,
    crossList: cross.list,
  };
  indexes.set(fleet, ix);
  return ix;
}

// ---- role-level results -----------------------------------------------------------------------------------------

/** R4 for a user already past steps 1–2, with roles in the ticket's and the asset's project (null: none). */
function ticketOutcome(fleet: Fleet, roleT: CompiledRole | null, assetIdx: number, inScope: boolean, roleA: CompiledRole | null): number {
  if (roleT === null || !roleT.ticketsOn) return 0;
  if (assetIdx === -1) return 2;
  if (assetIdx === -2 || !inScope || roleA === null) return 0;
  if ((roleAssetPacked(fleet, roleA, assetIdx) & 3) !== 0) return 2;
  // Failing at R3 step 5 or 6 (the only failures left): expert mode shows the ticket without its asset.
  return roleA.expertMode ? 1 : 0;
}

/** A project's changes between the two roles, before any scope test. */
interface ProjectChanges {
  /** Changed assets with their before*3+after transition, and per transition their organization positions, sorted. */
  assets: Int32Array;
  kinds: Uint8Array;
  posByKind: Int32Array[];
  /** Same-project tickets (ticket and asset in this project, or no asset) whose outcome changes. */
  tickets: Int32Array;
  ticketKinds: Uint8Array;
  /** Per outcome after: the changed tickets' asset organization positions (sorted), and those with no asset. */
  ticketPosByAfter: Int32Array[];
  ticketNoAssetByAfter: Int32Array;
  /** Tickets of another project whose asset lies here, or tickets here whose asset lies elsewhere. */
  cross: number[];
  /** Changed assets and changed tickets with an asset, by the asset's site key (for scopes that list sites; built on first need). */
  bySite: { assets: Map<number, number[]>; tickets: Map<number, { pos: number; after: number }[]> } | null;
  ticketAssets: Int32Array;
}

function sitesOf(fleet: Fleet, ch: ProjectChanges): NonNullable<ProjectChanges['bySite']> {
  if (ch.bySite) return ch.bySite;
  const assets = new Map<number, number[]>();
  for (let i = 0; i < ch.assets.length; i++) {
    const site = fleet.assetSiteKey[ch.assets[i]];
    let list = assets.get(site);
    if (!list) assets.set(site, (list = []));
    list.push(i);
  }
  const tickets = new Map<number, { pos: number; after: number }[]>();
  for (let i = 0; i < ch.tickets.length; i++) {
    const a = ch.ticketAssets[i];
    if (a < 0) continue;
    const site = fleet.assetSiteKey[a];
    let list = tickets.get(site);
    if (!list) tickets.set(site, (list = []));
    list.push({ pos: fleet.assetOrgPos[a], after: ch.ticketKinds[i] % 3 });
  }
  return (ch.bySite = { assets, tickets });
}

const sameBits = (a: Uint32Array, b: Uint32Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The two roles decide every asset alike (R3 steps 5–6 and write read only these fields). */
function sameAssetRule(a: CompiledRole, b: CompiledRole): boolean {
  if (a.assetsRead !== b.assetsRead || a.assetsEnabled !== b.assetsEnabled) return false;
  if (!a.assetsRead) return true;
  return (
    a.assetsWrite === b.assetsWrite &&
    a.hasTags === b.hasTags &&
    a.fullAccessUntagged === b.fullAccessUntagged &&
    sameBits(a.tagRead, b.tagRead) &&
    sameBits(a.tagWrite, b.tagWrite)
  );
}

function projectChanges(fleet: Fleet, ix: FleetIndex, p: number, before: CompiledRole, after: CompiledRole): ProjectChanges {
  const sameAssets = sameAssetRule(before, after);
  // Tickets read the asset rule, the Tickets switch and expert mode (R4).
  const sameTickets = sameAssets && before.ticketsOn === after.ticketsOn && before.expertMode === after.expertMode;
  const assets: number[] = [];
  const kinds: number[] = [];
  const pos: number[][] = Array.from({ length: 9 }, () => []);
  for (let k = sameAssets ? ix.assetStart[p + 1] : ix.assetStart[p]; k < ix.assetStart[p + 1]; k++) {
    const a = ix.assetList[k];
    const b = roleAssetPacked(fleet, before, a) & 3;
    const c = roleAssetPacked(fleet, after, a) & 3;
    if (b === c) continue;
    assets.push(a);
    kinds.push(b * 3 + c);
    pos[b * 3 + c].push(fleet.assetOrgPos[a]);
  }
  const tickets: number[] = [];
  const ticketKinds: number[] = [];
  const tpos: number[][] = [[], [], []];
  const noAsset = new Int32Array(3);
  const cross: number[] = [];
  for (let k = ix.ticketStart[p]; k < ix.ticketStart[p + 1]; k++) {
    const t = ix.ticketList[k];
    const a = ix.ticketAsset[t];
    if (a >= 0 && fleet.assetProject[a] !== p) {
      cross.push(t);
      continue;
    }
    if (sameTickets) continue;
    const b = ticketOutcome(fleet, before, a, true, before);
    const c = ticketOutcome(fleet, after, a, true, after);
    if (b === c) continue;
    tickets.push(t);
    ticketKinds.push(b * 3 + c);
    if (a === -1) noAsset[c]++;
    else tpos[c].push(fleet.assetOrgPos[a]);
  }
  // Tickets of other projects about this project's assets: the role decides their asset step.
  for (let k = ix.crossStart[p]; k < ix.crossStart[p + 1]; k++) cross.push(ix.crossList[k]);
  const sorted = (xs: number[]) => Int32Array.from(xs).sort();
  return {
    assets: Int32Array.from(assets),
    kinds: Uint8Array.from(kinds),
    posByKind: pos.map(sorted),
    tickets: Int32Array.from(tickets),
    ticketKinds: Uint8Array.from(ticketKinds),
    ticketPosByAfter: tpos.map(sorted),
    ticketNoAssetByAfter: noAsset,
    cross,
    bySite: null,
    ticketAssets: Int32Array.from(tickets, (t) => ix.ticketAsset[t]),
  };
}

// ---- scope classes ----------------------------------------------------------------------------------------------

type Scope = { kind: 'all' } | { kind: 'range'; lo: number; hi: number } | { kind: 'none' } | { kind: 'list'; user: CompiledUser };

function scopeOf(fleet: Fleet, u: CompiledUser): Scope {
  if (u.scopeSet) return { kind: 'list', user: u };
  if (u.wholeFleet) return { kind: 'all' };
  if (u.orgIdx < 0) return { kind: 'none' };
  return { kind: 'range', lo: fleet.orgStart[u.orgIdx], hi: fleet.orgEnd[u.orgIdx] };
}

function scopeKey(u: CompiledUser): string {
  if (!u.scopeSet) return u.wholeFleet ? 'W' : `O${u.orgIdx}`;
  return `S${u.wholeFleet ? 1 : 0}:${u.orgIdx}:${u.scopeOrgsSet ? 1 : 0}:${[...u.scopeOrgs].join(',')}:${[...u.scopeSites].join(',')}`;
}

const lowerBound = (xs: Int32Array, v: number) => {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (xs[m] < v) lo = m + 1;
    else hi = m;
  }
  return lo;
};
const countIn = (xs: Int32Array, lo: number, hi: number) => (lo > hi ? 0 : lowerBound(xs, hi + 1) - lowerBound(xs, lo));

function assetInScope(fleet: Fleet, scope: Scope, a: number): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'range': {
      const pos = fleet.assetOrgPos[a];
      return pos >= scope.lo && pos <= scope.hi;
    }
    case 'list':
      return assetInUserScope(fleet, scope.user, a);
  }
}

/**
 * Several scopes as one test: the whole fleet, or disjoint sorted ranges of organization positions plus, for scopes
 * that list sites, per site the default ranges an asset there must lie in (R3 step 3 with a scope list).
 */
interface ScopeUnion {
  all: boolean;
  lo: Int32Array;
  hi: Int32Array;
  sites: Map<number, [number, number][]>;
}

/** A scope list as ranges: the default scope narrowed to each listed organization's interval. */
function listRanges(fleet: Fleet, u: CompiledUser): { ranges: [number, number][]; dlo: number; dhi: number } | null {
  if (!u.wholeFleet && u.orgIdx < 0) return null;
  const dlo = u.wholeFleet ? -Infinity : fleet.orgStart[u.orgIdx];
  const dhi = u.wholeFleet ? Infinity : fleet.orgEnd[u.orgIdx];
  const ranges: [number, number][] = [];
  for (const o of u.scopeOrgs) {
    const lo = Math.max(dlo, fleet.orgStart[o]);
    const hi = Math.min(dhi, fleet.orgEnd[o]);
    if (lo <= hi) ranges.push([lo, hi]);
  }
  return { ranges, dlo, dhi };
}

function scopeUnion(fleet: Fleet, scopes: Scope[]): ScopeUnion {
  const ranges: [number, number][] = [];
  const sites = new Map<number, [number, number][]>();
  for (const s of scopes) {
    if (s.kind === 'all') return { all: true, lo: new Int32Array(0), hi: new Int32Array(0), sites };
    if (s.kind === 'range') ranges.push([s.lo, s.hi]);
    else if (s.kind === 'list') {
      const l = listRanges(fleet, s.user);
      if (!l) continue;
      ranges.push(...l.ranges);
      for (const site of s.user.scopeSites) {
        let list = sites.get(site);
        if (!list) sites.set(site, (list = []));
        list.push([l.dlo, l.dhi]);
      }
    }
  }
  ranges.sort((x, y) => x[0] - y[0]);
  const lo: number[] = [];
  const hi: number[] = [];
  for (const [a, b] of ranges) {
    if (lo.length > 0 && a <= hi[hi.length - 1] + 1) hi[hi.length - 1] = Math.max(hi[hi.length - 1], b);
    else {
      lo.push(a);
      hi.push(b);
    }
  }
  return { all: false, lo: Int32Array.from(lo), hi: Int32Array.from(hi), sites };
}

function inRanges(u: ScopeUnion, pos: number): boolean {
  if (pos < 0 || u.lo.length === 0) return false;
  const k = lowerBound(u.lo, pos + 1) - 1; // the last range starting at or before pos
  return k >= 0 && pos <= u.hi[k];
}

function inUnion(fleet: Fleet, u: ScopeUnion, a: number): boolean {
  if (u.all) return true;
  const pos = fleet.assetOrgPos[a];
  if (inRanges(u, pos)) return true;
  const defaults = u.sites.get(fleet.assetSiteKey[a]);
  if (defaults) for (const [dlo, dhi] of defaults) if (dlo === -Infinity || (pos >= 0 && pos >= dlo && pos <= dhi)) return true;
  return false;
}

/** Counts for one (project, scope class): asset transitions (9 slots) and same-project ticket outcomes (3). */
/** Class results that change nothing share one object (most classes, when a holder's scope misses the project). */
const ZERO_ASSETS = new Int32Array(9);
const ZERO_TICKETS = new Int32Array(3);
const SCRATCH_ASSETS = new Int32Array(9);
const SCRATCH_TICKETS = new Int32Array(3);

/** classCounts with the shared zero result when nothing changes for the class. */
function classResult(fleet: Fleet, ch: ProjectChanges, scope: Scope): { assets: Int32Array; tickets: Int32Array } {
  SCRATCH_ASSETS.fill(0);
  SCRATCH_TICKETS.fill(0);
  classCounts(fleet, ch, scope, SCRATCH_ASSETS, SCRATCH_TICKETS);
  let any = false;
  for (let k = 0; k < 9; k++) if (SCRATCH_ASSETS[k] !== 0) any = true;
  for (let c = 0; c < 3; c++) if (SCRATCH_TICKETS[c] !== 0) any = true;
  return any ? { assets: SCRATCH_ASSETS.slice(), tickets: SCRATCH_TICKETS.slice() } : { assets: ZERO_ASSETS, tickets: ZERO_TICKETS };
}

function classCounts(fleet: Fleet, ch: ProjectChanges, scope: Scope, assets: Int32Array, tickets: Int32Array): void {
  if (ch.assets.length === 0 && ch.tickets.length === 0) return;
  if (scope.kind === 'none') {
    tickets.set(ch.ticketNoAssetByAfter);
    return;
  }
  if (scope.kind === 'all' || scope.kind === 'range') {
    const lo = scope.kind === 'all' ? -Infinity : scope.lo;
    const hi = scope.kind === 'all' ? Infinity : scope.hi;
    for (let k = 0; k < 9; k++)
      assets[k] = scope.kind === 'all' || ch.posByKind[k].length === 0 ? ch.posByKind[k].length : countIn(ch.posByKind[k], lo, hi);
    for (let c = 0; c < 3; c++) {
      tickets[c] =
        ch.ticketNoAssetByAfter[c] + (scope.kind === 'all' ? ch.ticketPosByAfter[c].length : countIn(ch.ticketPosByAfter[c], lo, hi));
    }
    return;
  }
  // A scope list (R3 step 3, SPEC §7): the default scope narrowed to listed organizations or listed sites. Tree
  // intervals are nested or disjoint, so the organizations part is a union of ranges (counted by binary search)
  // and only the assets on listed sites outside those ranges are looked at one by one.
  const u = scope.user;
  tickets.set(ch.ticketNoAssetByAfter);
  const l = listRanges(fleet, u);
  if (!l) return;
  const { dlo, dhi } = l;
  const union = scopeUnion(
    fleet,
    l.ranges.map(([lo, hi]): Scope => ({ kind: 'range', lo, hi })),
  );
  for (let r = 0; r < union.lo.length; r++) {
    for (let k = 0; k < 9; k++) if (ch.posByKind[k].length > 0) assets[k] += countIn(ch.posByKind[k], union.lo[r], union.hi[r]);
    for (let c = 0; c < 3; c++)
      if (ch.ticketPosByAfter[c].length > 0) tickets[c] += countIn(ch.ticketPosByAfter[c], union.lo[r], union.hi[r]);
  }
  const inDefault = (pos: number) => u.wholeFleet || (pos >= 0 && pos >= dlo && pos <= dhi);
  const bySite = u.scopeSites.length > 0 ? sitesOf(fleet, ch) : null;
  for (const site of new Set(u.scopeSites)) {
    for (const i of bySite!.assets.get(site) ?? []) {
      const pos = fleet.assetOrgPos[ch.assets[i]];
      if (inDefault(pos) && !inRanges(union, pos)) assets[ch.kinds[i]]++;
    }
    for (const t of bySite!.tickets.get(site) ?? []) if (inDefault(t.pos) && !inRanges(union, t.pos)) tickets[t.after]++;
  }
  return;
}

function effectCounts(slots: Int32Array): EffectCounts {
  let gained = 0;
  let lost = 0;
  let hidden = 0;
  let revealed = 0;
  const transitions: EffectCounts['transitions'] = [];
  for (let b = 0; b < 3; b++)
    for (let c = 0; c < 3; c++) {
      const n = slots[b * 3 + c];
      if (b === c || n === 0) continue;
      if (c > b) gained += n;
      else lost += n;
      if (c === 0) hidden += n;
      if (b === 0) revealed += n;
      transitions.push({ before: EFFECTS[b], after: EFFECTS[c], count: n });
    }
  transitions.sort((x, y) => y.count - x.count);
  return { gained, lost, hidden, revealed, transitions };
}

// ---- the impact -------------------------------------------------------------------------------------------------

export interface ImpactSides {
  roleIdx: number;
  before: CompiledRole;
  after: CompiledRole;
}

/** The compiled "before" and "after" roles: the stored role (or `baseline`) and the draft, both normalised per R2. */
function impactSides(fleet: Fleet, roleId: string | null, draft: ProjectRole, opts: RoleImpactOptions = {}): ImpactSides {
  const roleIdx = roleId === null ? -1 : (fleet.projectRoleIndex.get(roleId) ?? -1);
  const after = compileRole(fleet, normaliseRole(draft));
  const before = opts.baseline
    ? compileRole(fleet, normaliseRole(opts.baseline))
    : roleIdx >= 0
      ? fleet.roles[roleIdx]
      : compileRole(fleet, normaliseRole({ ...draft, features: {}, tags: [] }));
  return { roleIdx, before, after };
}

/** Holders of a stored role: (user index, project key) per membership naming it, in user order. */
function roleHolders(fleet: Fleet, roleIdx: number): { users: Int32Array; projects: Int32Array } {
  const users: number[] = [];
  const projects: number[] = [];
  if (roleIdx >= 0) {
    for (let u = 0; u < fleet.users.length; u++)
      for (let i = fleet.userMemberStart[u]; i < fleet.userMemberStart[u + 1]; i++)
        if (fleet.memberRole[i] === roleIdx) {
          users.push(u);
          projects.push(fleet.memberProject[i]);
        }
  }
  return { users: Int32Array.from(users), projects: Int32Array.from(projects) };
}

function usedProjects(hp: Int32Array, P: number): number {
  const seen = new Uint8Array(P);
  let n = 0;
  for (let i = 0; i < hp.length; i++) if (!seen[hp[i]]) n += seen[hp[i]] = 1;
  return n;
}

const holderCode = (u: CompiledUser): HolderCode =>
  !u.active ? 'USER_NOT_ACTIVE' : u.isGlobalAdmin ? 'SYSTEM_FULL_ACCESS' : 'ROLE_DECIDES';

/** The user's role in a project key, with the edited role's two sides substituted. */
function sideRole(fleet: Fleet, u: number, p: number, sides: ImpactSides, after: boolean): CompiledRole | null {
  const r = fleet.membershipRole.get(u * fleet.projectKeyIds.length + p);
  if (r === undefined) return null;
  if (r === sides.roleIdx) return after ? sides.after : sides.before;
  return fleet.roles[r];
}

export function roleImpact(fleet: Fleet, roleId: string | null, draft: ProjectRole, opts: RoleImpactOptions = {}): RoleImpact {
  const sides = impactSides(fleet, roleId, draft, opts);
  const ix = fleetIndex(fleet);
  const { users: hu, projects: hp } = roleHolders(fleet, sides.roleIdx);

  const changes = new Map<number, ProjectChanges>();
  const changesOf = (p: number) => {
    let ch = changes.get(p);
    if (!ch) changes.set(p, (ch = projectChanges(fleet, ix, p, sides.before, sides.after)));
    return ch;
  };
  // One result per (project, scope class): holders of a class share the counts and the row objects built from them.
  interface ClassResult {
    assets: Int32Array;
    tickets: Int32Array;
    effects: EffectCounts;
  }
  const NONE = effectCounts(new Int32Array(9));
  let zero: ClassResult | undefined;

  // Role-level: functions and menu items (the same for every holder the role decides for).
  const lb = functionLevels(sides.before, false);
  const la = functionLevels(sides.after, false);
  const changedFns: number[] = [];
  for (let f = 0; f < FUNCTION_IDS.length; f++) if (lb[f] !== la[f]) changedFns.push(f);
  const mb = menuOf(sides.before, false);
  const ma = menuOf(sides.after, false);
  const changedMenu: number[] = [];
  for (let g = 0; g < FEATURE_GROUPS.length; g++) if (mb[g].visible !== ma[g].visible) changedMenu.push(g);

  const holders: HolderImpact[] = [];
  const total = new Int32Array(9);
  const ticketTotal = new Int32Array(3);
  // Flags per user index (typed arrays: 10,000 holders cost no hashing). 1 deciding, 2 hides, 4 shows, 8 tickets, 16 cross.
  const U = fleet.users.length;
  const flags = new Uint8Array(U);
  // Scope class per user: a small number, so each project keeps its class results in an array.
  const classOf = new Int32Array(U).fill(-1);
  const classIds = new Map<string, number>();
  const classScopes: Scope[] = [];
  const byProject = new Map<number, (ClassResult | undefined)[]>();
  const P = fleet.projectKeyIds.length;
  const fnCount = changedFns.length;
  const menuCount = changedMenu.length;

  for (let h = 0; h < hu.length; h++) {
    const u = hu[h];
    const p = hp[h];
    const user = fleet.users[u];
    const code = holderCode(user);
    const row: HolderImpact = {
      userId: fleet.snapshot.users[u].id,
      projectId: fleet.projectKeyIds[p],
      code,
      assets: NONE,
      tickets: { visible: 0, redacted: 0, hidden: 0 },
      functions: 0,
      menu: 0,
    };
    holders.push(row);
    if (code !== 'ROLE_DECIDES') continue;
    flags[u] |= 1;
    row.functions = fnCount;
    row.menu = menuCount;
    const ch = changesOf(p);
    if (ch.cross.length > 0) flags[u] |= 16;
    if (ch.assets.length === 0 && ch.tickets.length === 0) continue;
    let cls = classOf[u];
    if (cls < 0) {
      const key = scopeKey(user);
      let id = classIds.get(key);
      if (id === undefined) {
        classIds.set(key, (id = classScopes.length));
        classScopes.push(scopeOf(fleet, user));
      }
      classOf[u] = cls = id;
    }
    let results = byProject.get(p);
    if (!results) byProject.set(p, (results = []));
    let counts = results[cls];
    if (!counts) {
      const c = classResult(fleet, ch, classScopes[cls]);
      results[cls] = counts = c.assets === ZERO_ASSETS ? (zero ??= { ...c, effects: NONE }) : { ...c, effects: effectCounts(c.assets) };
    }
    row.assets = counts.effects;
    const t = counts.tickets;
    if (t[0] + t[1] + t[2] > 0) {
      row.tickets = { hidden: t[0], redacted: t[1], visible: t[2] };
      for (let c = 0; c < 3; c++) ticketTotal[c] += t[c];
      flags[u] |= 8;
    }
    for (let k = 0; k < 9; k++) total[k] += counts.assets[k];
    if (counts.effects.hidden > 0) flags[u] |= 2;
    if (counts.effects.revealed > 0) flags[u] |= 4;
  }

  // Tickets whose project and asset project differ: per user, with the role's sides in whichever of the two it is.
  let rowOf: Map<number, HolderImpact> | null = null;
  for (let u = 0; u < U; u++) {
    if ((flags[u] & 16) === 0) continue;
    rowOf ??= new Map(holders.map((row, h) => [hu[h] * P + hp[h], row]));
    const user = fleet.users[u];
    const seen = new Set<number>();
    for (let i = fleet.userMemberStart[u]; i < fleet.userMemberStart[u + 1]; i++) {
      if (fleet.memberRole[i] !== sides.roleIdx) continue;
      for (const t of changesOf(fleet.memberProject[i]).cross) {
        if (seen.has(t)) continue;
        seen.add(t);
        const a = ix.ticketAsset[t];
        const tp = ix.ticketProject[t];
        const ap = fleet.assetProject[a];
        const inScope = assetInUserScope(fleet, user, a);
        const b = ticketOutcome(fleet, sideRole(fleet, u, tp, sides, false), a, inScope, sideRole(fleet, u, ap, sides, false));
        const c = ticketOutcome(fleet, sideRole(fleet, u, tp, sides, true), a, inScope, sideRole(fleet, u, ap, sides, true));
        if (b === c) continue;
        const row = rowOf.get(u * P + tp) ?? rowOf.get(u * P + ap)!;
        row.tickets = { ...row.tickets, [TICKET_OUTCOMES[c]]: row.tickets[TICKET_OUTCOMES[c]] + 1 };
        ticketTotal[c]++;
        flags[u] |= 8;
      }
    }
  }
  let deciding = 0;
  let hiddenFrom = 0;
  let revealedTo = 0;
  let ticketUsers = 0;
  for (let u = 0; u < U; u++) {
    const f = flags[u];
    if (f & 1) deciding++;
    if (f & 2) hiddenFrom++;
    if (f & 4) revealedTo++;
    if (f & 8) ticketUsers++;
  }
  // Per project: the distinct scopes of its holders' classes (for the distinct-asset counts).
  const scopesByProject = new Map<number, Scope[]>();
  for (const [p, results] of byProject) {
    const scopes: Scope[] = [];
    results.forEach((r, cls) => r && r.assets !== ZERO_ASSETS && scopes.push(classScopes[cls]));
    scopesByProject.set(p, scopes);
  }

  // Distinct assets hidden from / shown to at least one holder: each asset lies in one project.
  let hiddenAssets = 0;
  let revealedAssets = 0;
  let hiddenProjects = 0;
  let revealedProjects = 0;
  for (const [p, scopes] of scopesByProject) {
    const ch = changes.get(p)!;
    const union = scopeUnion(fleet, scopes);
    let hid = 0;
    let rev = 0;
    for (let i = 0; i < ch.assets.length; i++) {
      const k = ch.kinds[i];
      const toHidden = k % 3 === 0;
      const fromHidden = k < 3;
      if (!toHidden && !fromHidden) continue;
      const a = ch.assets[i];
      if (!inUnion(fleet, union, a)) continue;
      if (toHidden) hid++;
      else rev++;
    }
    hiddenAssets += hid;
    revealedAssets += rev;
    if (hid > 0) hiddenProjects++;
    if (rev > 0) revealedProjects++;
  }

  let distinctUsers = 0;
  for (let h = 0; h < hu.length; h++) if (h === 0 || hu[h] !== hu[h - 1]) distinctUsers++; // holders come in user order
  const usedIn = roleId === null ? [] : projectsUsingRole(fleet, roleId);
  return {
    roleId,
    projectIds: usedIn,
    holders,
    totals: {
      holders: hu.length,
      users: distinctUsers,
      projects: usedProjects(hp, P),
      decidingUsers: deciding,
      assets: {
        ...effectCounts(total),
        hiddenAssets,
        hiddenFromUsers: hiddenFrom,
        hiddenInProjects: hiddenProjects,
        revealedAssets,
        revealedToUsers: revealedTo,
        revealedInProjects: revealedProjects,
      },
      tickets: { hidden: ticketTotal[0], redacted: ticketTotal[1], visible: ticketTotal[2], users: ticketUsers },
    },
    functions: changedFns.map((f) => ({ id: FUNCTION_IDS[f], before: LEVELS[lb[f]], after: LEVELS[la[f]], users: deciding })),
    menu: changedMenu.map((g) => ({ groupId: FEATURE_GROUPS[g].id, before: mb[g].visible, after: ma[g].visible, users: deciding })),
  };
}

export interface HolderAssetChange {
  assetId: string;
  name: string;
  before: Effect;
  after: Effect;
}

/** Details on demand: the assets whose effect changes for one holder (user in project), in snapshot order. */
export function roleImpactAssets(
  fleet: Fleet,
  roleId: string | null,
  draft: ProjectRole,
  holder: { userId: string; projectId: string },
  opts: RoleImpactOptions = {},
): HolderAssetChange[] {
  const sides = impactSides(fleet, roleId, draft, opts);
  const u = fleet.userIndex.get(holder.userId);
  const p = fleet.projectKeyIndex.get(holder.projectId);
  if (u === undefined || p === undefined) return [];
  if (fleet.membershipRole.get(u * fleet.projectKeyIds.length + p) !== sides.roleIdx) return [];
  const user = fleet.users[u];
  if (holderCode(user) !== 'ROLE_DECIDES') return [];
  const ch = projectChanges(fleet, fleetIndex(fleet), p, sides.before, sides.after);
  const scope = scopeOf(fleet, user);
  const out: HolderAssetChange[] = [];
  for (let i = 0; i < ch.assets.length; i++) {
    const a = ch.assets[i];
    if (!assetInScope(fleet, scope, a)) continue;
    const k = ch.kinds[i];
    out.push({
      assetId: assetIdAt(fleet, a),
      name: assetNameAt(fleet, a),
      before: EFFECTS[(k / 3) | 0],
      after: EFFECTS[k % 3],
    });
  }
  return out;
}

export { TICKET_OUTCOMES };
