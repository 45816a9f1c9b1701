// Every blocker, not only the first. R3 stops at its first failing step (that step decides, and explainAsset keeps
// it so); a support engineer fixing that one still needs to know what blocks next ("also: no project role in
// Benelux"). Each later check here is made as if the earlier failures were fixed. Goal: a hidden asset's blockers
// are what keeps it hidden; a read-only asset's are what keeps it from full access. Data only (codes and ids).
import { assetsRights, projectRoleOf, scopeCheck, type AccessStepData } from './access';
import { assetRecord, userIdxOf, assetIdxOf, type Fleet } from './fleet';
import { snapshotRecord } from './lazy-snapshot';

/** The failing checks in R3 order; the first is the step that decides (when the asset is not fully accessible). */
export function everyBlocker(fleet: Fleet, userId: string, assetId: string): AccessStepData[] {
  const u = userIdxOf(fleet, userId);
  const a = assetIdxOf(fleet, assetId);
  const s = fleet.snapshot;
  // Single records: a fleet loaded from its image or patched builds whole collections only when asked to.
  const user = snapshotRecord(s, 'users', u);
  const asset = assetRecord(fleet, a);
  const out: AccessStepData[] = [];

  if (user.status !== 'active') out.push({ code: 'USER_NOT_ACTIVE', ok: false, userId, status: user.status });
  const sysRoleIdx = user.systemRoleId === null ? undefined : fleet.systemRoleIndex.get(user.systemRoleId);
  if (sysRoleIdx !== undefined && fleet.systemRoles[sysRoleIdx].id === 'globalAdmin') return out;

  const scope = scopeCheck(fleet, u, a);
  if (!scope.ok) out.push({ code: 'OUT_OF_SCOPE', ...scope.params, ok: false });

  const { projectId, roleId, role } = projectRoleOf(fleet, u, a);
  if (role === undefined) {
    // Without a role nothing later can be judged: giving one is the rest of the fix.
    out.push({ code: 'NO_PROJECT_ROLE', ok: false, userId, projectId, ...(roleId !== undefined ? { danglingProjectRoleId: roleId } : {}) });
    return out;
  }
  const projectRoleId = role.id;
  const { enabled, canRead, canWrite } = assetsRights(role);
  if (!canRead) out.push({ code: enabled ? 'ASSETS_NO_READ' : 'ASSETS_SWITCH_OFF', ok: false, projectId, projectRoleId });

  const tags = [...new Set(asset.tags)];
  const restricted = role.tags.length > 0;
  let readableTag = !restricted;
  if (restricted && tags.length === 0) {
    readableTag = role.fullAccessUntagged;
    if (!readableTag) out.push({ code: 'UNTAGGED_NO_ACCESS', ok: false, projectId, projectRoleId, tags: [] });
  } else if (restricted) {
    readableTag = tags.some((t) => role.tags.some((g) => g.tag === t && g.read));
    if (!readableTag) out.push({ code: 'NO_READABLE_TAG', ok: false, projectId, projectRoleId, tags });
  }
  // Hidden: what keeps it hidden is the answer. Visible (read only): what keeps it from full access.
  if (out.length > 0) return out;
  if (!canWrite) out.push({ code: 'ASSETS_NO_WRITE', ok: false, projectId, projectRoleId });
  if (restricted && tags.length > 0 && !tags.some((t) => role.tags.some((g) => g.tag === t && g.read && g.write))) {
    out.push({ code: 'NO_WRITABLE_TAG', ok: false, projectId, projectRoleId, tags });
  }
  return out;
}
