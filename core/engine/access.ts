// R3 asset access (SPEC §3, §6). Two paths that must agree: `assetEffect` (packed fast path from evaluate.ts, used
// by every list view) and `explainAsset`, which walks the same rules over the raw records step by step and says why.
import type { AccessStepData, AccessStepParams, AssetDecision } from './access-types';
import { type AccessCode, type Effect, EFFECTS, ACCESS_CODES, C, codesOfPacked, packEffect, packLast } from './codes';
import { assetPacked } from './evaluate';
import { assetIdxOf, assetRecord, hasPermission, membershipRecordOf, userIdxOf, type Fleet } from './fleet';
import type { ProjectRole } from '../model/snapshot';
import { decidingStep } from './deciding-step';
import { snapshotRecord } from './lazy-snapshot';
import { computeFlips } from './flips';
import { keyIdAt } from './key-columns';

export type { AccessStepData, AccessStepParams, AssetDecision } from './access-types';

/** Fast path: effect and the deciding code (first failing step, or the last passing one). */
export function assetEffect(fleet: Fleet, userIdx: number, assetIdx: number): { effect: Effect; code: AccessCode } {
  const p = assetPacked(fleet, userIdx, assetIdx);
  return { effect: EFFECTS[packEffect(p)], code: ACCESS_CODES[packLast(p)] };
}

/** Fast path: every step code, as the explain path would list them. */
export function assetCodes(fleet: Fleet, userIdx: number, assetIdx: number): AccessCode[] {
  return codesOfPacked(assetPacked(fleet, userIdx, assetIdx));
}

/** The explain path's steps, without messages: R3 walked over the raw records, stopping at the first failure. */
export function accessSteps(fleet: Fleet, userIdx: number, assetIdx: number): { effect: Effect; steps: AccessStepData[] } {
  const s = fleet.snapshot;
  const user = snapshotRecord(s, 'users', userIdx);
  const asset = assetRecord(fleet, assetIdx);
  const steps: AccessStepData[] = [];
  const userId = user.id;
  const hidden = () => ({ effect: 'hidden' as Effect, steps });

  // 1. status
  if (user.status !== 'active') {
    steps.push({ code: 'USER_NOT_ACTIVE', ok: false, userId, status: user.status });
    return hidden();
  }
  steps.push({ code: 'USER_ACTIVE', ok: true, userId, status: user.status });

  // 2. globalAdmin (a non-admin gets no step)
  const sysRoleIdx = user.systemRoleId === null ? undefined : fleet.systemRoleIndex.get(user.systemRoleId);
  if (sysRoleIdx !== undefined && fleet.systemRoles[sysRoleIdx].id === 'globalAdmin') {
    steps.push({ code: 'SYSTEM_FULL_ACCESS', ok: true, userId, systemRoleId: 'globalAdmin' });
    return { effect: 'full', steps };
  }

  // 3. scope
  const scope = scopeCheck(fleet, userIdx, assetIdx);
  if (!scope.ok) {
    steps.push({ code: 'OUT_OF_SCOPE', ...scope.params, ok: false });
    return hidden();
  }
  steps.push({ code: 'IN_SCOPE', ...scope.params, ok: true });

  // 4. membership in the asset's project
  const { projectId, roleId, role } = projectRoleOf(fleet, userIdx, assetIdx);
  if (role === undefined) {
    steps.push({
      code: 'NO_PROJECT_ROLE',
      ok: false,
      userId,
      projectId,
      ...(roleId !== undefined ? { danglingProjectRoleId: roleId } : {}),
    });
    return hidden();
  }
  const projectRoleId = role.id;
  steps.push({ code: 'PROJECT_ROLE', ok: true, userId, projectId, projectRoleId });

  // 5. the Assets switch and the read of its Assets function (R1)
  const { enabled, canRead, canWrite } = assetsRights(role);
  if (!canRead) {
    steps.push({ code: enabled ? 'ASSETS_NO_READ' : 'ASSETS_SWITCH_OFF', ok: false, projectId, projectRoleId });
    return hidden();
  }
  steps.push({ code: 'ASSETS_READ', ok: true, projectId, projectRoleId });

  // 6. tags (de-duplicated, in the asset's own order)
  const assetTags = [...new Set(asset.tags)];
  const restricted = role.tags.length > 0;
  let tagStep: 'NO_TAG_RESTRICTION' | 'UNTAGGED_FULL_ACCESS' | 'TAG_READ';
  let writable: string[] = [];
  if (!restricted) {
    tagStep = 'NO_TAG_RESTRICTION';
    steps.push({ code: tagStep, ok: true, projectId, projectRoleId });
  } else if (assetTags.length === 0) {
    if (!role.fullAccessUntagged) {
      steps.push({ code: 'UNTAGGED_NO_ACCESS', ok: false, projectId, projectRoleId, tags: [] });
      return hidden();
    }
    tagStep = 'UNTAGGED_FULL_ACCESS';
    steps.push({ code: tagStep, ok: true, projectId, projectRoleId, tags: [] });
  } else {
    const readable = assetTags.filter((t) => role.tags.some((g) => g.tag === t && g.read));
    if (readable.length === 0) {
      steps.push({ code: 'NO_READABLE_TAG', ok: false, projectId, projectRoleId, tags: assetTags });
      return hidden();
    }
    tagStep = 'TAG_READ';
    steps.push({ code: tagStep, ok: true, projectId, projectRoleId, tags: readable });
    writable = assetTags.filter((t) => role.tags.some((g) => g.tag === t && g.read && g.write));
  }

  // write step: a failure lowers to read, never to hidden
  if (!canWrite) {
    steps.push({ code: 'ASSETS_NO_WRITE', ok: false, projectId, projectRoleId });
    return { effect: 'read', steps };
  }
  if (tagStep !== 'TAG_READ') {
    const writeBasis = tagStep === 'NO_TAG_RESTRICTION' ? 'noTagRestriction' : 'untaggedFullAccess';
    steps.push({ code: 'ASSETS_WRITE', ok: true, projectId, projectRoleId, writeBasis });
    return { effect: 'full', steps };
  }
  if (writable.length === 0) {
    steps.push({ code: 'NO_WRITABLE_TAG', ok: false, projectId, projectRoleId, tags: assetTags });
    return { effect: 'read', steps };
  }
  steps.push({ code: 'TAG_WRITE', ok: true, projectId, projectRoleId, tags: writable });
  return { effect: 'full', steps };
}

/**
 * Reads of the records that answers about user u's access read, as gatherBytes groups (core/engine/part-bytes.ts):
 * their record, and their memberships. A woken worker's answer reads them side by side, not one after another.
 */
export function userRecordReads(fleet: Fleet, u: number): Array<Array<() => unknown>> {
  const s = fleet.snapshot;
  const memberships: Array<() => unknown> = [];
  for (let k = fleet.userMemberStart[u]; k < fleet.userMemberStart[u + 1]; k++) {
    const record = fleet.memberRecord[k];
    memberships.push(() => snapshotRecord(s, 'memberships', record));
  }
  return [[() => snapshotRecord(s, 'users', u)], memberships];
}
/** R3 step 4 over the raw records: the asset's project id as given and the user's role there, when it resolves. */
export function projectRoleOf(
  fleet: Fleet,
  userIdx: number,
  assetIdx: number,
): { projectId: string; roleId: string | undefined; role: ProjectRole | undefined } {
  const s = fleet.snapshot;
  const projectId = keyIdAt(fleet, 'projectKeyIds', fleet.assetProject[assetIdx]);
  // the project id as given (SPEC §7): a membership counts even when no project record has that id
  const projectIdx = fleet.projectKeyIndex.get(projectId);
  const memberIdx = projectIdx === undefined ? -1 : membershipRecordOf(fleet, userIdx, projectIdx);
  const roleId = memberIdx >= 0 ? snapshotRecord(s, 'memberships', memberIdx).projectRoleId : undefined;
  const roleIdx = roleId === undefined ? undefined : fleet.projectRoleIndex.get(roleId);
  return { projectId, roleId, role: roleIdx === undefined ? undefined : snapshotRecord(s, 'projectRoles', roleIdx) };
}

/** R3 step 5 and the write step's R1 part: the role's Assets switch and its Assets function (own keys only). */
export function assetsRights(role: ProjectRole): { enabled: boolean; canRead: boolean; canWrite: boolean } {
  const group = Object.prototype.hasOwnProperty.call(role.features, 'assets') ? role.features.assets : undefined;
  const enabled = group?.enabled === true;
  const fn = group && Object.prototype.hasOwnProperty.call(group.functions, 'assets') ? group.functions.assets : undefined;
  const canRead = enabled && fn?.read === true;
  return { enabled, canRead, canWrite: canRead && fn?.write === true };
}

/**
 * The organization ids an organization id lies under (SPEC §7): itself, then its parent's id, and so on, following
 * parentId links by id (first record with an id wins) until an id repeats (a loop) or has no known record.
 * Walked over the raw records on purpose: the fast path uses the compiled intervals and the property test
 * compares the two.
 */
export function organizationChain(fleet: Fleet, orgId: string): Set<string> {
  const chain = new Set<string>();
  let at: string | null = orgId;
  while (at !== null && !chain.has(at)) {
    chain.add(at);
    const i = fleet.orgIndex.get(at);
    at = i === undefined ? null : snapshotRecord(fleet.snapshot, 'organizations', i).parentId;
  }
  return chain;
}

/**
 * The effect and the step that decided R3 for this pair (core/engine/deciding-step), from one walk: what a list row
 * or badge shows.
 */
export function decidingAccessStep(fleet: Fleet, userIdx: number, assetIdx: number): { effect: Effect; step: AccessStepData | undefined } {
  const { effect, steps } = accessSteps(fleet, userIdx, assetIdx);
  return { effect, step: decidingStep(steps) };
}

/** R3 step 3 over the raw records, by id (SPEC §7). */
export function scopeCheck(fleet: Fleet, userIdx: number, assetIdx: number): { ok: boolean; params: AccessStepParams } {
  const s = fleet.snapshot;
  const user = snapshotRecord(s, 'users', userIdx);
  const asset = assetRecord(fleet, assetIdx);
  const siteIdx = fleet.siteIndex.get(asset.siteId);
  // an asset on an unknown site lies under no organization
  const assetOrgId = siteIdx === undefined ? null : snapshotRecord(s, 'sites', siteIdx).organizationId;
  const under = assetOrgId === null ? new Set<string>() : organizationChain(fleet, assetOrgId);
  const userOrgIdx = fleet.orgIndex.get(user.organizationId);
  const userOrgType = userOrgIdx === undefined ? null : snapshotRecord(s, 'organizations', userOrgIdx).type;
  const orgIds = user.scope?.organizationIds;
  const siteIds = user.scope?.siteIds;
  const scopeSet = orgIds !== undefined || siteIds !== undefined;
  const params: AccessStepParams = {
    userId: user.id,
    siteId: asset.siteId,
    organizationId: assetOrgId,
    userOrganizationId: user.organizationId,
    scopeOrganizationIds: scopeSet ? (orgIds ?? []) : null,
    scopeSiteIds: scopeSet ? (siteIds ?? []) : null,
  };
  const wholeFleet = userOrgType === 'global' || userOrgType === 'productCompany';
  params.scopeBasis = wholeFleet ? 'wholeFleet' : 'organization';
  if (!wholeFleet) {
    if (siteIdx === undefined) return { ok: false, params: { ...params, scopeFailure: 'siteUnknown' } };
    if (!under.has(user.organizationId)) return { ok: false, params: { ...params, scopeFailure: 'outsideOrganization' } };
  }
  if (!scopeSet) return { ok: true, params };
  for (const id of orgIds ?? []) if (under.has(id)) return { ok: true, params: { ...params, matchedOrganizationId: id } };
  if ((siteIds ?? []).includes(asset.siteId)) return { ok: true, params: { ...params, matchedSiteId: asset.siteId } };
  return { ok: false, params: { ...params, scopeFailure: siteIdx === undefined ? 'siteUnknown' : 'notInScopeList' } };
}

/** R9 by index (fast path). */
export function diagnosticsVisible(fleet: Fleet, userIdx: number, assetIdx: number): boolean {
  if (!hasPermission(fleet, userIdx, 'canSeeDiagnostics')) return false;
  const last = packLast(assetPacked(fleet, userIdx, assetIdx));
  return last !== C.USER_NOT_ACTIVE && last !== C.OUT_OF_SCOPE;
}

/** The explain decision as data: effect, steps, verified flips and R9 diagnostics (core/wording words it). Throws UnknownIdError. */
export function explainAsset(fleet: Fleet, userId: string, assetId: string): AssetDecision {
  const u = userIdxOf(fleet, userId);
  const a = assetIdxOf(fleet, assetId);
  const { effect, steps } = accessSteps(fleet, u, a);
  const flips = effect === 'full' ? [] : computeFlips(fleet, u, a);
  const diagnostics =
    hasPermission(fleet, u, 'canSeeDiagnostics') &&
    steps[0].code === 'USER_ACTIVE' &&
    (steps[1].code === 'SYSTEM_FULL_ACCESS' || steps[1].code === 'IN_SCOPE');
  return {
    userId,
    assetId,
    effect,
    steps,
    flips,
    diagnostics,
  };
}
