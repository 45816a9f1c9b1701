// Engineering → Roles on the platform side: who may edit project roles, and the one place a create or an update is
// decided and applied — the API (demo/api-roles.ts) and the editor page's plain form post both go through here, so
// they can never disagree. The role is checked by core/engine/role-edit (the snapshot's zod model plus the
// editor's limits); a stored role goes into the store, so every cache gets it through sync.
import { randomBytes } from 'node:crypto';
import { hasPermission, names } from '../core/engine/index';
import { checkRoleEdit, roleVersion, type RoleEditProblem } from '../core/engine/role-edit';
import { describeRoleEditProblem } from '../core/wording/role-edit';
import type { ProjectRole } from '../core/model/snapshot';
import type { DemoState } from './state';
import { fleetOf } from './view-engine';

/**
 * Who may edit project roles: an active user who is a Global Admin, or whose system role has both Manage resources
 * and Internal user (docs/DECISIONS.md: a project role is shared by every project that uses it, so only the
 * platform operator's own staff with resource rights may change it — not a distributor, whose Manage resources
 * covers its own customers).
 */
export function mayEditRoles(state: DemoState, userId: string): boolean {
  const fleet = fleetOf(state.store);
  const u = fleet.userIndex.get(userId);
  if (u === undefined) return false;
  const user = fleet.users[u];
  if (!user.active) return false;
  return user.isGlobalAdmin || (hasPermission(fleet, u, 'manageResources') && hasPermission(fleet, u, 'internalUser'));
}

function whyNot(state: DemoState, userId: string): string {
  const fleet = fleetOf(state.store);
  const u = fleet.userIndex.get(userId);
  if (u === undefined) return `there is no user "${userId}"`;
  if (!fleet.users[u].active) return `«${names.user(fleet, userId)}» is not active`;
  const role = fleet.snapshot.users[u].systemRoleId;
  return `«${names.user(fleet, userId)}»'s system role ${role === null ? '(none)' : `«${names.systemRole(fleet, role)}»`} lacks Manage resources or Internal user; editing project roles needs both (or Global Admin)`;
}

export interface RoleSaved {
  role: ProjectRole;
  version: string;
}

export type RoleSaveDecision =
  | { ok: true; created: boolean; saved: RoleSaved }
  | {
      ok: false;
      status: 400 | 403 | 404 | 409 | 428;
      code: 'badRequest' | 'forbidden' | 'notFound' | 'conflict';
      message: string;
      problems?: (RoleEditProblem & { message: string })[];
      /** 409: the role as stored now, so the editor can show what changed. */
      current?: RoleSaved;
    };

const stored = (state: DemoState, id: string) => state.store.get('projectRoles', id) as ProjectRole | undefined;

/** The stored role with its version, or undefined. */
export function roleWithVersion(state: DemoState, id: string): RoleSaved | undefined {
  const role = stored(state, id);
  return role && { role, version: roleVersion(role) };
}

function newRoleId(state: DemoState, name: string): string {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'role';
  let id: string;
  do id = `pr-${slug}-${randomBytes(3).toString('hex')}`;
  while (stored(state, id) !== undefined);
  return id;
}

/**
 * Creates (`roleId` null) or replaces a project role as `callerId`. An update needs `ifVersion` (the version the
 * editor opened; 428 without it, 409 when the role changed since). Nothing is stored unless every check passes.
 */
export function decideRoleSave(
  state: DemoState,
  callerId: string,
  roleId: string | null,
  body: unknown,
  ifVersion: string | null,
): RoleSaveDecision {
  if (!mayEditRoles(state, callerId)) {
    return { ok: false, status: 403, code: 'forbidden', message: `may not edit project roles: ${whyNot(state, callerId)}` };
  }
  let input = body;
  if (roleId === null && input && typeof input === 'object' && !Array.isArray(input) && (input as { id?: unknown }).id === undefined) {
    const name = (input as { name?: unknown }).name;
    input = { ...input, id: newRoleId(state, typeof name === 'string' ? name : '') };
  }
  if (roleId !== null) {
    const current = roleWithVersion(state, roleId);
    if (!current) return { ok: false, status: 404, code: 'notFound', message: `there is no project role "${roleId}"` };
    if (ifVersion === null) {
      return {
        ok: false,
        status: 428,
        code: 'badRequest',
        message: "send the version you edited in If-Match (the role's ETag), so a concurrent change is not overwritten",
      };
    }
    if (ifVersion !== current.version) {
      return {
        ok: false,
        status: 409,
        code: 'conflict',
        current,
        message: `project role «${current.role.name}» changed since you opened it (version ${ifVersion} → ${current.version}): reload it and apply your change again`,
      };
    }
  }
  const check = checkRoleEdit(input, roleId ?? undefined);
  if (!check.ok) {
    const problems = check.problems.map((p) => ({ ...p, message: describeRoleEditProblem(p) }));
    return {
      ok: false,
      status: 400,
      code: 'badRequest',
      problems,
      message: `the project role cannot be saved: ${problems.map((p) => p.message).join(' ')}`,
    };
  }
  if (roleId === null && stored(state, check.role.id) !== undefined) {
    return {
      ok: false,
      status: 409,
      code: 'conflict',
      message: `a project role "${check.role.id}" exists already`,
      current: roleWithVersion(state, check.role.id),
    };
  }
  state.store.put('projectRoles', check.role, callerId);
  return { ok: true, created: roleId === null, saved: { role: check.role, version: roleVersion(check.role) } };
}
