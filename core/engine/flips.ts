// Flips (SPEC R3, §6 "Flip codes"/"Flip details"): for a hidden or read result, every minimal edit of one object —
// the user's status, the user's scope, one membership, one project role — that raises the effect. Candidates are
// built from the failing step, each is applied to a copy (an edited compiled user/role) and re-evaluated; only
// those that really raise the effect are kept, then any whose toggles include another kept flip's are dropped.
//
// Settled: ADD_PROJECT_ROLE is offered when the user has no usable membership in the asset's project (none, or one
// naming an unknown role); one flip per existing project role (snapshot order) that would raise the effect.
// Swapping an existing, valid membership's role is not offered: §6 gives it no flip code, and the role-edit flips
// already name what that role lacks.
import type { FlipData, FlipEdit } from './access-types';
import { type FlipCode, C, EFFECTS, packEffect, packLast } from './codes';
import { evaluatePacked, roleAssetPacked } from './evaluate';
import { keyIdAt } from './key-columns';
import { FN_ASSETS, type CompiledRole, type CompiledUser, type Fleet, hasTagBit } from './fleet';
import type { ProjectRole, Snapshot } from '../model/snapshot';
import { roleAt, userAt } from './compiled-items';

export type { FlipData, FlipEdit } from './access-types';

interface RoleToggles {
  G: boolean; // Assets switch
  FR: boolean; // Assets function read
  FW: boolean; // Assets function write
  U: boolean; // full access to untagged assets
  TR: number[]; // tag read (tag indexes)
  TW: number[]; // tag write
}

const noToggles = (): RoleToggles => ({ G: false, FR: false, FW: false, U: false, TR: [], TW: [] });

function unionToggles(a: RoleToggles, b: RoleToggles): RoleToggles {
  return {
    G: a.G || b.G,
    FR: a.FR || b.FR,
    FW: a.FW || b.FW,
    U: a.U || b.U,
    TR: [...new Set([...a.TR, ...b.TR])].sort((x, y) => x - y),
    TW: [...new Set([...a.TW, ...b.TW])].sort((x, y) => x - y),
  };
}

function toggleNames(fleet: Fleet, t: RoleToggles): string[] {
  const out: string[] = [];
  if (t.G) out.push('assets.enabled');
  if (t.FR) out.push('assets.assets.read');
  if (t.FW) out.push('assets.assets.write');
  if (t.U) out.push('fullAccessUntagged');
  for (const i of t.TR) out.push(`tags[${fleet.tags[i]}].read`);
  for (const i of t.TW) out.push(`tags[${fleet.tags[i]}].write`);
  return out;
}

/** A copy of the compiled role with the toggles on (only the fields R3 steps 5–6 and write read are updated). */
function withToggles(role: CompiledRole, t: RoleToggles): CompiledRole {
  const enabled = role.assetsEnabled || t.G;
  const rawRead = role.fnRawRead[FN_ASSETS] === 1 || t.FR;
  const rawWrite = role.fnRawWrite[FN_ASSETS] === 1 || t.FW;
  const tagRead = role.tagRead.slice();
  const tagWrite = role.tagWrite.slice();
  for (const i of t.TR) tagRead[i >>> 5] |= 1 << (i & 31);
  for (const i of t.TW) {
    tagRead[i >>> 5] |= 1 << (i & 31);
    tagWrite[i >>> 5] |= 1 << (i & 31);
  }
  return {
    ...role,
    idx: -1,
    assetsEnabled: enabled,
    assetsRead: enabled && rawRead,
    assetsWrite: enabled && rawRead && rawWrite,
    fullAccessUntagged: role.fullAccessUntagged || t.U,
    tagRead,
    tagWrite,
  };
}

/** Verified, minimal flips for a user and an asset (empty when the effect is already full). */
export function computeFlips(fleet: Fleet, userIdx: number, assetIdx: number): FlipData[] {
  const s = fleet.snapshot;
  const user = userAt(fleet, userIdx);
  const userId = user.id;
  const projectIdx = fleet.assetProject[assetIdx];
  const roleIdx = fleet.membershipRole.get(userIdx * fleet.projectKeyIds.length + projectIdx) ?? -1;
  const role = roleIdx >= 0 ? roleAt(fleet, roleIdx) : null;
  const current = evaluatePacked(fleet, user, role, assetIdx);
  const effectNow = packEffect(current);
  if (effectNow === 2) return [];
  const last = packLast(current);
  const raises = (packed: number) => packEffect(packed) > effectNow;
  const projectId = keyIdAt(fleet, 'projectKeyIds', fleet.assetProject[assetIdx]);

  switch (last) {
    case C.USER_NOT_ACTIVE: {
      const edited: CompiledUser = { ...user, active: true };
      const after = evaluatePacked(fleet, edited, role, assetIdx);
      if (!raises(after)) return [];
      return [
        {
          code: 'ACTIVATE_USER',
          effect: EFFECTS[packEffect(after)],
          userId,
          toggles: ['user.status=active'],
          edit: { object: 'user', userId, status: 'active' },
        },
      ];
    }
    case C.OUT_OF_SCOPE: {
      // the asset's site id as given (SPEC §7: a siteIds list holds an asset on an unknown site that it names)
      const site = fleet.assetSiteKey[assetIdx];
      const siteId = keyIdAt(fleet, 'siteKeyIds', fleet.assetSiteKey[assetIdx]);
      const sites = Int32Array.from([...user.scopeSites, site]);
      const edited: CompiledUser = { ...user, scopeSet: true, scopeSites: sites };
      const after = evaluatePacked(fleet, edited, role, assetIdx);
      if (!raises(after)) return [];
      return [
        {
          code: 'WIDEN_SCOPE',
          effect: EFFECTS[packEffect(after)],
          userId,
          siteId,
          toggles: [`user.scope.siteIds+=${siteId}`],
          edit: { object: 'userScope', userId, addSiteId: siteId },
        },
      ];
    }
    case C.NO_PROJECT_ROLE: {
      // The project is compared as given (SPEC §7): a membership naming an unknown project id gives a role there too.
      const out: FlipData[] = [];
      for (let r = 0; r < fleet.roles.length; r++) {
        if (fleet.projectRoleIndex.get(s.projectRoles[r].id) !== r) continue; // duplicate id: not addressable
        const after = evaluatePacked(fleet, user, fleet.roles[r], assetIdx);
        if (!raises(after)) continue;
        const projectRoleId = s.projectRoles[r].id;
        out.push({
          code: 'ADD_PROJECT_ROLE',
          effect: EFFECTS[packEffect(after)],
          userId,
          projectId,
          projectRoleId,
          toggles: [`membership.projectRoleId=${projectRoleId}`],
          edit: { object: 'membership', userId, projectId, projectRoleId },
        });
      }
      return out;
    }
    default:
      return role === null ? [] : roleFlips(fleet, userId, role, assetIdx, current, projectId);
  }
}

function roleFlips(fleet: Fleet, userId: string, role: CompiledRole, assetIdx: number, current: number, projectId: string): FlipData[] {
  const effectNow = packEffect(current);
  const last = packLast(current);
  const rawRead = role.fnRawRead[FN_ASSETS] === 1;
  const rawWrite = role.fnRawWrite[FN_ASSETS] === 1;
  const readPart: RoleToggles = { ...noToggles(), G: !role.assetsEnabled, FR: !rawRead };
  // R2 normalisation: write on turns read on; the switch must be on for either to count.
  const writePart: RoleToggles = { ...readPart, FW: !rawWrite };

  // Step 6 / write-step options. A role without tag entries is not restricted by tags: no tag toggle helps (adding
  // an entry would start restricting it).
  const tagOptions: RoleToggles[] = [noToggles()];
  if (role.hasTags) {
    const from = fleet.assetTagStart[assetIdx];
    const to = fleet.assetTagStart[assetIdx + 1];
    if (from === to) {
      if (!role.fullAccessUntagged) tagOptions.push({ ...noToggles(), U: true });
    } else {
      for (let i = from; i < to; i++) {
        const t = fleet.assetTagList[i];
        const canRead = hasTagBit(role.tagRead, t);
        if (!canRead) tagOptions.push({ ...noToggles(), TR: [t] });
        if (!hasTagBit(role.tagWrite, t)) tagOptions.push({ ...noToggles(), TR: canRead ? [] : [t], TW: [t] });
      }
    }
  }

  const seen = new Set<string>();
  const kept: { t: RoleToggles; names: string[]; packed: number }[] = [];
  for (const base of [readPart, writePart]) {
    for (const opt of tagOptions) {
      const t = unionToggles(base, opt);
      const names = toggleNames(fleet, t);
      if (names.length === 0) continue;
      const key = names.join('\n');
      if (seen.has(key)) continue;
      seen.add(key);
      const packed = roleAssetPacked(fleet, withToggles(role, t), assetIdx);
      if (packEffect(packed) > effectNow) kept.push({ t, names, packed });
    }
  }
  // Minimal: drop every flip whose toggles strictly include another kept flip's.
  const minimal = kept.filter(
    (k) => !kept.some((o) => o !== k && o.names.length < k.names.length && o.names.every((n) => k.names.includes(n))),
  );

  return minimal.map(({ t, names, packed }) => {
    const tag = t.TW.length ? fleet.tags[t.TW[0]] : t.TR.length ? fleet.tags[t.TR[0]] : undefined;
    return {
      code: codeFor(last, t),
      effect: EFFECTS[packEffect(packed)],
      userId,
      projectId,
      projectRoleId: role.id,
      ...(tag !== undefined ? { tag } : {}),
      toggles: names,
      edit: {
        object: 'projectRole' as const,
        projectRoleId: role.id,
        assetsEnabled: t.G,
        assetsRead: t.FR,
        assetsWrite: t.FW,
        fullAccessUntagged: t.U,
        tagRead: t.TR.map((i) => fleet.tags[i]),
        tagWrite: t.TW.map((i) => fleet.tags[i]),
      },
    };
  });
}

/** A flip that mixes toggles takes the code of the step it repairs first (the currently failing one). */
function codeFor(failing: number, t: RoleToggles): FlipCode {
  if (failing === C.ASSETS_SWITCH_OFF || failing === C.ASSETS_NO_READ) return 'GRANT_ASSETS_READ';
  if (failing === C.UNTAGGED_NO_ACCESS || failing === C.NO_READABLE_TAG) return t.U ? 'ENABLE_FULL_ACCESS_UNTAGGED' : 'GRANT_TAG_READ';
  return t.FW ? 'GRANT_ASSETS_WRITE' : 'GRANT_TAG_WRITE';
}

/**
 * Applies a flip's edit to a copy of the snapshot (R2-normalised): the independent way to check a flip, and what a
 * "preview this change" view needs. The input snapshot is not modified.
 */
export function applyFlip(snapshot: Snapshot, flip: Pick<FlipData, 'edit'>): Snapshot {
  const e = flip.edit;
  const out: Snapshot = { ...snapshot };
  switch (e.object) {
    case 'user': {
      const i = snapshot.users.findIndex((u) => u.id === e.userId);
      out.users = snapshot.users.map((u, k) => (k === i ? { ...u, status: e.status } : u));
      return out;
    }
    case 'userScope': {
      const i = snapshot.users.findIndex((u) => u.id === e.userId);
      out.users = snapshot.users.map((u, k) =>
        k === i ? { ...u, scope: { ...u.scope, siteIds: [...(u.scope?.siteIds ?? []), e.addSiteId] } } : u,
      );
      return out;
    }
    case 'membership': {
      const i = snapshot.memberships.findIndex((m) => m.userId === e.userId && m.projectId === e.projectId);
      const m = { userId: e.userId, projectId: e.projectId, projectRoleId: e.projectRoleId };
      out.memberships = i >= 0 ? snapshot.memberships.map((x, k) => (k === i ? m : x)) : [...snapshot.memberships, m];
      return out;
    }
    case 'projectRole': {
      const i = snapshot.projectRoles.findIndex((r) => r.id === e.projectRoleId);
      out.projectRoles = snapshot.projectRoles.map((r, k) => (k === i ? editRole(r, e) : r));
      return out;
    }
  }
}

export function editRole(role: ProjectRole, e: Extract<FlipEdit, { object: 'projectRole' }>): ProjectRole {
  const group = role.features.assets ?? { enabled: false, functions: {} };
  const fn = group.functions.assets ?? { read: false, write: false };
  const write = fn.write || e.assetsWrite;
  const read = fn.read || e.assetsRead || write;
  const tags = role.tags.map((t) => ({ ...t }));
  const entry = (tag: string) => {
    let g = tags.find((x) => x.tag === tag);
    if (!g) tags.push((g = { tag, read: false, write: false }));
    return g;
  };
  for (const t of e.tagRead) entry(t).read = true;
  for (const t of e.tagWrite) Object.assign(entry(t), { read: true, write: true });
  return {
    ...role,
    fullAccessUntagged: role.fullAccessUntagged || e.fullAccessUntagged,
    tags,
    features: {
      ...role.features,
      assets: { ...group, enabled: group.enabled || e.assetsEnabled, functions: { ...group.functions, assets: { read, write } } },
    },
  };
}
