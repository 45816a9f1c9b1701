// List views over the fast path: every asset of one user, every user of one asset. Per-call work is precomputed
// once (the user's role per project; per role, the asset's step 5–6 result) so the loops stay linear and tight.
import { type AccessCode, type Effect, ACCESS_CODES, C, EFFECTS, FULL, codesOfPacked, packEffect, packLast } from './codes';
import { roleAssetPacked } from './evaluate';
import { assetIdxOf, assetInUserScope, sitesInInterval, userIdxOf, type CompiledRole, type Fleet } from './fleet';
import { projectAssets } from './project-assets';
import { roleAt, userAt } from './compiled-items';

/**
 * The user's compiled role per project key (fleet.projectKeyIds; null: no usable membership). Keys past
 * snapshot.projects are project ids that no project record has (SPEC §7: a membership there still counts).
 */
export function rolesByProjectKey(fleet: Fleet, userIdx: number): (CompiledRole | null)[] {
  const out: (CompiledRole | null)[] = new Array(fleet.projectKeyIds.length).fill(null);
  for (let i = fleet.userMemberStart[userIdx]; i < fleet.userMemberStart[userIdx + 1]; i++) {
    const r = fleet.memberRole[i];
    if (r >= 0) out[fleet.memberProject[i]] = roleAt(fleet, r);
  }
  return out;
}

/**
 * Packed R3 result for every asset (index = asset index) of a user whose roles per project are given — the user's
 * own, or edited ones (what-if). Duplicate asset records are evaluated too; callers skip them.
 */
export function userAssetsPacked(
  fleet: Fleet,
  userIdx: number,
  roles: (CompiledRole | null)[] = rolesByProjectKey(fleet, userIdx),
): Int32Array {
  const A = fleet.assetProject.length;
  const out = new Int32Array(A);
  const user = userAt(fleet, userIdx);
  if (!user.active) return out.fill(C.USER_NOT_ACTIVE << 2);
  if (user.isGlobalAdmin) return out.fill(FULL | (C.SYSTEM_FULL_ACCESS << 2));
  const assetProject = fleet.assetProject;
  // Interval test inlined for the common case (no scope lists); assetInUserScope handles the rest.
  const simple = !user.scopeSet;
  const whole = user.wholeFleet;
  const lo = user.orgIdx >= 0 ? fleet.orgStart[user.orgIdx] : 1;
  const hi = user.orgIdx >= 0 ? fleet.orgEnd[user.orgIdx] : 0;
  // in the subtree by the asset's site (assetOrgPos is the site's organization's position: a loaded fleet derives
  // that column only when something reads it, issue 13)
  const siteIn = simple && !whole ? sitesInInterval(fleet, lo, hi) : null;
  const site = fleet.assetSite;
  const outOfScope = C.OUT_OF_SCOPE << 2;
  const noRole = C.NO_PROJECT_ROLE << 2;
  for (let a = 0; a < A; a++) {
    const inScope = simple ? whole || (site[a] >= 0 && siteIn![site[a]] === 1) : assetInUserScope(fleet, user, a);
    if (!inScope) {
      out[a] = outOfScope;
      continue;
    }
    const role = roles[assetProject[a]] ?? null;
    out[a] = role === null ? noRole : roleAssetPacked(fleet, role, a);
  }
  return out;
}

export interface VisibleAsset {
  assetId: string;
  effect: Effect;
  codes: AccessCode[];
}

/** Frozen code lists by packed result (packed < 2^13), shared by every call: codesOfPacked is a pure function. */
const SHARED_CODES: (AccessCode[] | undefined)[] = [];
function sharedCodes(packed: number): AccessCode[] {
  return (SHARED_CODES[packed] ??= Object.freeze(codesOfPacked(packed)) as AccessCode[]);
}

/**
 * Packed results of the user's non-hidden assets, as (asset index, packed) pairs in snapshot order, reading only the
 * assets of projects where the user holds a role (projectAssets): an asset outside them is hidden at step 4 or
 * earlier, so nothing visible is skipped. Work is proportional to those projects' assets, not to the fleet.
 * Returns null for the cases where the whole fleet is the answer or nothing is: a Global Admin, an inactive user.
 */
export function userVisiblePacked(fleet: Fleet, userIdx: number): { assets: Int32Array; packed: Int32Array } | null {
  const user = userAt(fleet, userIdx);
  if (!user.active || user.isGlobalAdmin) return null;
  const { start, list } = projectAssets(fleet);
  const from = fleet.userMemberStart[userIdx];
  const to = fleet.userMemberStart[userIdx + 1];
  let room = 0;
  for (let i = from; i < to; i++) if (fleet.memberRole[i] >= 0) room += start[fleet.memberProject[i] + 1] - start[fleet.memberProject[i]];
  const outAssets = new Int32Array(room);
  const outPacked = new Int32Array(room);
  let n = 0;
  // Each project contributes one ascending run; runEnds[k] is where run k ends in the output.
  const runEnds: number[] = [];
  let sorted = true;
  let last = -1;
  for (let i = from; i < to; i++) {
    const r = fleet.memberRole[i];
    if (r < 0) continue;
    const role = roleAt(fleet, r);
    if (!role.assetsRead) continue; // every asset of the project is hidden at step 5
    const p = fleet.memberProject[i];
    const runStart = n;
    for (let k = start[p]; k < start[p + 1]; k++) {
      const a = list[k];
      // each candidate on its own (a table of every site, as userAssetsPacked makes for every asset, would be a pass
      // over all sites per call: ~0.5 ms at 1M for a user whose projects hold a few thousand candidates)
      if (!assetInUserScope(fleet, user, a)) continue;
      const v = roleAssetPacked(fleet, role, a);
      if ((v & 3) === 0) continue;
      outAssets[n] = a;
      outPacked[n++] = v;
    }
    if (n > runStart) {
      runEnds.push(n);
      if (outAssets[runStart] < last) sorted = false;
      last = outAssets[n - 1];
    }
  }
  if (sorted) return { assets: outAssets.subarray(0, n), packed: outPacked.subarray(0, n) };
  return mergeRuns(outAssets.subarray(0, n), outPacked.subarray(0, n), runEnds);
}

/** Bottom-up merge of ascending runs of (asset, packed) pairs into snapshot order: O(n log runs). */
function mergeRuns(assets: Int32Array, packed: Int32Array, runEnds: number[]): { assets: Int32Array; packed: Int32Array } {
  let srcA: Int32Array = assets;
  let srcP: Int32Array = packed;
  let dstA: Int32Array = new Int32Array(assets.length);
  let dstP: Int32Array = new Int32Array(assets.length);
  let ends = runEnds;
  while (ends.length > 1) {
    const next: number[] = [];
    let begin = 0;
    for (let k = 0; k < ends.length; k += 2) {
      const mid = ends[k];
      const end = k + 1 < ends.length ? ends[k + 1] : mid;
      let i = begin;
      let j = mid;
      let o = begin;
      while (i < mid && j < end) {
        if (srcA[i] <= srcA[j]) {
          dstA[o] = srcA[i];
          dstP[o++] = srcP[i++];
        } else {
          dstA[o] = srcA[j];
          dstP[o++] = srcP[j++];
        }
      }
      while (i < mid) {
        dstA[o] = srcA[i];
        dstP[o++] = srcP[i++];
      }
      while (j < end) {
        dstA[o] = srcA[j];
        dstP[o++] = srcP[j++];
      }
      next.push(end);
      begin = end;
    }
    [srcA, dstA] = [dstA, srcA];
    [srcP, dstP] = [dstP, srcP];
    ends = next;
  }
  return { assets: srcA, packed: srcP };
}

/** `visible` (SPEC §4): the user's assets in snapshot order with effect and step codes; non-hidden only unless `all`. */
export function visibleAssets(fleet: Fleet, userId: string, opts: { all?: boolean } = {}): { userId: string; assets: VisibleAsset[] } {
  const u = userIdxOf(fleet, userId);
  if (!opts.all) {
    const user = fleet.users[u];
    if (!user.active) return { userId, assets: [] };
    const few = userVisiblePacked(fleet, u);
    if (few) {
      // Ids from the index's dense copy: at 1M assets, reading each record object for its id is a cache miss.
      const { assetIds } = projectAssets(fleet);
      const dup = fleet.assetDuplicate;
      const assets: VisibleAsset[] = new Array(few.assets.length);
      let n = 0;
      for (let j = 0; j < few.assets.length; j++) {
        const a = few.assets[j];
        if (dup[a]) continue;
        const p = few.packed[j];
        assets[n++] = { assetId: assetIds[a], effect: EFFECTS[p & 3], codes: sharedCodes(p) };
      }
      assets.length = n;
      return { userId, assets };
    }
  }
  const packed = userAssetsPacked(fleet, u);
  const assets: VisibleAsset[] = [];
  const ids = fleet.assetIds;
  const dup = fleet.assetDuplicate;
  for (let a = 0; a < packed.length; a++) {
    if (dup[a]) continue;
    const p = packed[a];
    const e = p & 3;
    if (e === 0 && !opts.all) continue;
    assets.push({ assetId: ids[a], effect: EFFECTS[e], codes: sharedCodes(p) });
  }
  return { userId, assets };
}

/** Packed R3 result of every user (index = user index) for one asset, with a per-role cache of steps 5–6/write. */
export function assetUsersPacked(fleet: Fleet, assetIdx: number): Int32Array {
  const U = fleet.users.length;
  const out = new Int32Array(U);
  const roleCache = new Int32Array(fleet.roles.length).fill(-1);
  const p = fleet.assetProject[assetIdx];
  const P = fleet.projectKeyIds.length;
  const membership = fleet.membershipRole;
  for (let u = 0; u < U; u++) {
    const user = fleet.users[u];
    if (!user.active) out[u] = C.USER_NOT_ACTIVE << 2;
    else if (user.isGlobalAdmin) out[u] = FULL | (C.SYSTEM_FULL_ACCESS << 2);
    else if (!assetInUserScope(fleet, user, assetIdx)) out[u] = C.OUT_OF_SCOPE << 2;
    else {
      const r = membership.get(u * P + p);
      if (r === undefined) out[u] = C.NO_PROJECT_ROLE << 2;
      else {
        let v = roleCache[r];
        if (v < 0) v = roleCache[r] = roleAssetPacked(fleet, fleet.roles[r], assetIdx);
        out[u] = v;
      }
    }
  }
  return out;
}

export interface AssetViewer {
  userId: string;
  effect: Effect;
  /** The deciding step: first failing, or the last passing one. */
  code: AccessCode;
}

/** `who-can-see` (SPEC §4, §6): users in snapshot order; without `all` only those whose effect is not hidden. */
export function whoCanSee(fleet: Fleet, assetId: string, opts: { all?: boolean } = {}): { assetId: string; users: AssetViewer[] } {
  const a = assetIdxOf(fleet, assetId);
  if (!opts.all) return { assetId, users: viewersAmongCandidates(fleet, a) };
  const packed = assetUsersPacked(fleet, a);
  const users: AssetViewer[] = [];
  const records = fleet.snapshot.users;
  const dup = fleet.userDuplicate;
  for (let u = 0; u < packed.length; u++) {
    if (dup[u]) continue;
    const p = packed[u];
    if (packEffect(p) === 0 && !opts.all) continue;
    users.push({ userId: records[u].id, effect: EFFECTS[packEffect(p)], code: ACCESS_CODES[packLast(p)] });
  }
  return { assetId, users };
}

/**
 * The non-hidden users of an asset, in snapshot order, from its project's members and the active Global Admins only:
 * anyone else is hidden at step 1, 2 or 4 (no role in the project), so nobody visible is skipped.
 */
function viewersAmongCandidates(fleet: Fleet, assetIdx: number): AssetViewer[] {
  const { memberStart, members, admins } = projectAssets(fleet);
  const p = fleet.assetProject[assetIdx];
  const records = fleet.snapshot.users;
  const dup = fleet.userDuplicate;
  const users: AssetViewer[] = [];
  const roleCache = new Map<number, number>();
  let i = memberStart[p];
  const end = memberStart[p + 1];
  let j = 0;
  const P = fleet.projectKeyIds.length;
  while (i < end || j < admins.length) {
    // merge the two ascending lists; an admin who is also a member comes once
    let u: number;
    if (j >= admins.length || (i < end && members[i] < admins[j])) u = members[i++];
    else {
      u = admins[j++];
      if (i < end && members[i] === u) i++;
    }
    if (dup[u]) continue;
    const user = fleet.users[u];
    let v: number;
    if (!user.active) continue;
    if (user.isGlobalAdmin) v = FULL | (C.SYSTEM_FULL_ACCESS << 2);
    else if (!assetInUserScope(fleet, user, assetIdx)) continue;
    else {
      const r = fleet.membershipRole.get(u * P + p);
      if (r === undefined) continue;
      let cached = roleCache.get(r);
      if (cached === undefined) roleCache.set(r, (cached = roleAssetPacked(fleet, fleet.roles[r], assetIdx)));
      v = cached;
    }
    if (packEffect(v) === 0) continue;
    users.push({ userId: records[u].id, effect: EFFECTS[packEffect(v)], code: ACCESS_CODES[packLast(v)] });
  }
  return users;
}
