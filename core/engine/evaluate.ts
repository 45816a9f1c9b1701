// The fast path of R3: one packed integer per (user, asset), no allocation. Every list view and the flip
// verification run through here; explain (access.ts) is a separate, readable implementation that must agree.
import { C, FULL, HIDDEN, READ } from './codes';
import { assetInUserScope, type CompiledRole, type CompiledUser, type Fleet } from './fleet';
import { roleAt, userAt } from './compiled-items';

/** R3 steps 5, 6 and the write step for a role and an asset (steps 1–4 already passed). */
export function roleAssetPacked(fleet: Fleet, role: CompiledRole, assetIdx: number): number {
  if (!role.assetsRead) return HIDDEN | ((role.assetsEnabled ? C.ASSETS_NO_READ : C.ASSETS_SWITCH_OFF) << 2);
  // a role without tag rules reads no tag (a loaded fleet sums its tag offsets only when one is read)
  const list = fleet.assetTagList;
  let from = 0;
  let to = 0;
  let tagCode: number = C.NO_TAG_RESTRICTION;
  if (role.hasTags) {
    from = fleet.assetTagStart[assetIdx];
    to = fleet.assetTagStart[assetIdx + 1];
    if (from === to) {
      if (!role.fullAccessUntagged) return HIDDEN | (C.UNTAGGED_NO_ACCESS << 2);
      tagCode = C.UNTAGGED_FULL_ACCESS;
    } else {
      const bits = role.tagRead;
      let i = from;
      for (; i < to; i++) {
        const t = list[i];
        if ((bits[t >>> 5] & (1 << (t & 31))) !== 0) break;
      }
      if (i === to) return HIDDEN | (C.NO_READABLE_TAG << 2);
      tagCode = C.TAG_READ;
    }
  }
  if (!role.assetsWrite) return READ | (C.ASSETS_NO_WRITE << 2) | (tagCode << 8);
  if (tagCode !== C.TAG_READ) return FULL | (C.ASSETS_WRITE << 2) | (tagCode << 8);
  const wbits = role.tagWrite;
  for (let i = from; i < to; i++) {
    const t = list[i];
    if ((wbits[t >>> 5] & (1 << (t & 31))) !== 0) return FULL | (C.TAG_WRITE << 2) | (tagCode << 8);
  }
  return READ | (C.NO_WRITABLE_TAG << 2) | (tagCode << 8);
}

/** R3 for a (possibly edited) user and the role they hold in the asset's project (null: none). */
export function evaluatePacked(fleet: Fleet, user: CompiledUser, role: CompiledRole | null, assetIdx: number): number {
  if (!user.active) return C.USER_NOT_ACTIVE << 2;
  if (user.isGlobalAdmin) return FULL | (C.SYSTEM_FULL_ACCESS << 2);
  if (!assetInUserScope(fleet, user, assetIdx)) return C.OUT_OF_SCOPE << 2;
  if (role === null) return C.NO_PROJECT_ROLE << 2;
  return roleAssetPacked(fleet, role, assetIdx);
}

/** R3 fast path by index: packed effect and last code (see codes.ts). */
export function assetPacked(fleet: Fleet, userIdx: number, assetIdx: number): number {
  const user = userAt(fleet, userIdx);
  if (!user.active) return C.USER_NOT_ACTIVE << 2;
  if (user.isGlobalAdmin) return FULL | (C.SYSTEM_FULL_ACCESS << 2);
  if (!assetInUserScope(fleet, user, assetIdx)) return C.OUT_OF_SCOPE << 2;
  const r = fleet.membershipRole.get(userIdx * fleet.projectKeyIds.length + fleet.assetProject[assetIdx]);
  if (r === undefined) return C.NO_PROJECT_ROLE << 2;
  return roleAssetPacked(fleet, roleAt(fleet, r), assetIdx);
}
