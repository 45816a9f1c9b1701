// R1 features, R10 role facts and the §6 menu for one user in one project. globalAdmin has every function with read
// and write in every project; a non-active user has nothing.
import { FEATURE_GROUPS, FUNCTION_IDS } from '../model/catalog';
import type { AccessLevel, FeaturesCode, FunctionAccess, FunctionCode, ProjectFeatures } from './feature-types';
import { FUNCTION_GROUP, GROUP_TICKETS, membershipRecordOf, projectIdxOf, userIdxOf, type CompiledRole, type Fleet } from './fleet';
import { roleAt, userAt } from './compiled-items';

export type { AccessLevel, ProjectFeatures } from './feature-types';

/** Per function (FUNCTION_IDS order): 0 none, 1 read, 2 write — for a role, or everything/nothing. */
export function functionLevels(role: CompiledRole | null, everything: boolean): Uint8Array {
  const out = new Uint8Array(FUNCTION_IDS.length);
  if (everything) return out.fill(2);
  if (role) for (let f = 0; f < out.length; f++) out[f] = role.fnWrite[f] ? 2 : role.fnRead[f] ? 1 : 0;
  return out;
}
export const LEVELS: readonly AccessLevel[] = ['none', 'read', 'write'];

/** Menu item per group: Tickets iff its switch is on (tickets are its content); other groups iff on with a readable function. */
export function menuOf(role: CompiledRole | null, everything: boolean): { groupId: string; visible: boolean }[] {
  let f = 0;
  return FEATURE_GROUPS.map((g, gi) => {
    let visible = everything;
    if (!everything && role && role.groupEnabled[gi]) {
      if (gi === GROUP_TICKETS) visible = true;
      else for (let k = 0; k < g.functions.length; k++) if (role.fnRead[f + k]) visible = true;
    }
    f += g.functions.length;
    return { groupId: g.id, visible };
  });
}

const usedCache = new WeakMap<object, Map<string, string[]>>();
/** R10 [D]: project ids (snapshot order) where some membership names the role (existing projects only). */
export function projectsUsingRole(fleet: Fleet, projectRoleId: string): string[] {
  let byRole = usedCache.get(fleet);
  if (!byRole) {
    const sets = new Map<string, Set<number>>();
    for (const m of fleet.snapshot.memberships) {
      const p = fleet.projectIndex.get(m.projectId);
      if (p === undefined) continue;
      let set = sets.get(m.projectRoleId);
      if (!set) sets.set(m.projectRoleId, (set = new Set()));
      set.add(p);
    }
    byRole = new Map([...sets].map(([r, set]) => [r, [...set].sort((a, b) => a - b).map((p) => fleet.snapshot.projects[p].id)]));
    usedCache.set(fleet, byRole);
  }
  return byRole.get(projectRoleId) ?? [];
}

export function projectFeatures(fleet: Fleet, userId: string, projectId: string): ProjectFeatures {
  const u = userIdxOf(fleet, userId);
  const p = projectIdxOf(fleet, projectId);
  const s = fleet.snapshot;
  const user = userAt(fleet, u);
  const memberIdx = membershipRecordOf(fleet, u, p);
  const roleIdx = memberIdx >= 0 ? fleet.projectRoleIndex.get(s.memberships[memberIdx].projectRoleId) : undefined;
  const role = roleIdx === undefined ? null : roleAt(fleet, roleIdx);
  const roleRecord = roleIdx === undefined ? null : s.projectRoles[roleIdx];
  const code: FeaturesCode = !user.active
    ? 'USER_NOT_ACTIVE'
    : user.isGlobalAdmin
      ? 'SYSTEM_FULL_ACCESS'
      : role
        ? 'PROJECT_ROLE'
        : 'NO_PROJECT_ROLE';
  const everything = code === 'SYSTEM_FULL_ACCESS';
  const effective = code === 'PROJECT_ROLE' ? role : null;
  const levels = functionLevels(effective, everything);
  const functions = FUNCTION_IDS.map((id, f): FunctionAccess => {
    const fcode: FunctionCode = everything
      ? 'READ_WRITE'
      : !effective
        ? 'NO_ACCESS'
        : !effective.groupEnabled[FUNCTION_GROUP[f]]
          ? 'SWITCH_OFF'
          : levels[f] === 0
            ? 'NO_READ'
            : levels[f] === 1
              ? 'READ_ONLY'
              : 'READ_WRITE';
    return { id, read: levels[f] >= 1, write: levels[f] === 2, code: fcode };
  });
  const projectRoleId = roleRecord?.id ?? null;
  return {
    userId,
    projectId,
    projectRoleId,
    code,
    systemRoleId: s.users[u].systemRoleId,
    functions,
    menu: menuOf(effective, everything),
    location: roleRecord?.location ?? null,
    usedInProjects: projectRoleId === null ? [] : projectsUsingRole(fleet, projectRoleId),
  };
}
