// What-if (SPEC §6 "diff"): how a user's asset effects and function levels change if they were another user
// (`asUserId`), held a stored project role (`asProjectRoleId`) or a draft role (`asDraftRole`, the panel's editor).
// With a role and no projectId the role replaces the user's role in each project where they have one; with
// projectId the user gets the role in that project. A draft whose id is a stored role's id stands in for it.
// With asUserId and projectId, assets and functions are limited to that project.
import type { ProjectRole } from '../model/snapshot';
import { type Effect, EFFECTS } from './codes';
import { normaliseRole } from '../model/draft-role';
import { functionLevels, LEVELS, type AccessLevel } from './features';
import { assetIdAt, compileRole, projectIdxOf, projectRoleIdxOf, userIdxOf, type CompiledRole, type Fleet } from './fleet';
import { rolesByProjectKey, userAssetsPacked } from './visibility';
import { FUNCTION_IDS } from '../model/catalog';
import { userAt } from './compiled-items';

export type DiffSpec =
  | { asUserId: string; projectId?: string }
  | { asProjectRoleId: string; projectId?: string }
  | { asDraftRole: ProjectRole; projectId?: string };

export interface AccessDiff {
  userId: string;
  changes: { assetId: string; before: Effect; after: Effect }[];
  functions: { projectId: string; id: string; before: AccessLevel; after: AccessLevel }[];
}

/**
 * The two sides of a what-if: the user and their roles per project key, and the "after" user (the other user, or
 * the same one) with the roles they would hold. Callers that add their own comparisons (the panel's menu items)
 * read the same sides as diffAccess.
 */
export interface DiffSides {
  userIdx: number;
  afterIdx: number;
  /** The spec's project (index into fleet.projectKeyIds), null without one. */
  projectIdx: number | null;
  rolesBefore: (CompiledRole | null)[];
  rolesAfter: (CompiledRole | null)[];
}

export function diffSides(fleet: Fleet, userId: string, spec: DiffSpec): DiffSides {
  const u = userIdxOf(fleet, userId);
  const projectIdx = spec.projectId === undefined ? null : projectIdxOf(fleet, spec.projectId);
  const rolesBefore = rolesByProjectKey(fleet, u);
  if ('asUserId' in spec) {
    const afterIdx = userIdxOf(fleet, spec.asUserId);
    return { userIdx: u, afterIdx, projectIdx, rolesBefore, rolesAfter: rolesByProjectKey(fleet, afterIdx) };
  }
  const role =
    'asProjectRoleId' in spec
      ? fleet.roles[projectRoleIdxOf(fleet, spec.asProjectRoleId)]
      : compileRole(fleet, normaliseRole(spec.asDraftRole));
  const rolesAfter = rolesBefore.slice();
  if (projectIdx !== null) rolesAfter[projectIdx] = role;
  else for (let p = 0; p < rolesAfter.length; p++) if (rolesBefore[p] !== null) rolesAfter[p] = role;
  return { userIdx: u, afterIdx: u, projectIdx, rolesBefore, rolesAfter };
}

export function diffAccess(fleet: Fleet, userId: string, spec: DiffSpec): AccessDiff {
  const { userIdx: u, afterIdx, projectIdx, rolesBefore, rolesAfter } = diffSides(fleet, userId, spec);
  const P = fleet.projectKeyIds.length;
  const user = userAt(fleet, u);

  const limitToProject = 'asUserId' in spec && projectIdx !== null;
  const before = userAssetsPacked(fleet, u, rolesBefore);
  const after = userAssetsPacked(fleet, afterIdx, rolesAfter);
  const changes: AccessDiff['changes'] = [];
  for (let a = 0; a < before.length; a++) {
    if (fleet.assetDuplicate[a]) continue;
    if (limitToProject && fleet.assetProject[a] !== projectIdx) continue;
    const b = before[a] & 3;
    const c = after[a] & 3;
    if (b !== c) changes.push({ assetId: assetIdAt(fleet, a), before: EFFECTS[b], after: EFFECTS[c] });
  }

  // Functions per project: the given one, else every project where either side has a role.
  const afterUser = userAt(fleet, afterIdx);
  const levelsOf = (active: boolean, admin: boolean, role: CompiledRole | null) =>
    functionLevels(active && !admin ? role : null, active && admin);
  const functions: AccessDiff['functions'] = [];
  for (let p = 0; p < P; p++) {
    if (projectIdx !== null ? p !== projectIdx : rolesBefore[p] === null && rolesAfter[p] === null) continue;
    const lb = levelsOf(user.active, user.isGlobalAdmin, rolesBefore[p]);
    const la = levelsOf(afterUser.active, afterUser.isGlobalAdmin, rolesAfter[p]);
    for (let f = 0; f < FUNCTION_IDS.length; f++)
      if (lb[f] !== la[f])
        functions.push({ projectId: fleet.projectKeyIds[p], id: FUNCTION_IDS[f], before: LEVELS[lb[f]], after: LEVELS[la[f]] });
  }
  return { userId, changes, functions };
}
