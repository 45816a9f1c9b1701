// Compare, engine side (DirectSource only): the inspected user against another user, a stored project role or a
// draft one. Asset and function changes come from the engine's diffAccess (SPEC §6 "diff"); this adds what a
// support engineer reads first — counts per before→after, the menu items that appear or vanish (R1, §6 menu) and
// the system roles the user could assign (R6) — and keeps the last few diffs so details page cheaply.
import {
  assignableRoles,
  compileRole,
  diffAccess,
  menuOf,
  names,
  normaliseRole,
  projectIdxOf,
  projectRoleIdxOf,
  rolesByProject,
  userIdxOf,
  type AccessDiff,
  type CompiledRole,
  type DiffSpec,
  type Effect,
  type Fleet,
} from '../engine';
import { FEATURE_GROUPS } from '../model/catalog';
import type { CompareAgainst, CompareChange, CompareSummary } from '../source/data-source';

const RANK: Record<Effect, number> = { hidden: 0, read: 1, full: 2 };
const FUNCTION_LABEL = new Map<string, string>(
  FEATURE_GROUPS.flatMap((g) => g.functions.map((f) => [`${g.id}.${f.id}`, `${g.label} › ${f.label}`] as const)),
);

export function diffSpecOf(against: CompareAgainst, projectId: string | null): DiffSpec {
  const project = projectId === null ? {} : { projectId };
  if (against.kind === 'user') return { asUserId: against.userId, ...project };
  if (against.role.kind === 'stored') return { asProjectRoleId: against.role.projectRoleId, ...project };
  return { asDraftRole: against.role.role, ...project };
}

/** Diffs per compiled fleet (a new snapshot compiles a new fleet, so stale diffs simply fall away). */
const diffs = new WeakMap<Fleet, Map<string, AccessDiff>>();

export function cachedDiff(fleet: Fleet, userId: string, against: CompareAgainst, projectId: string | null): AccessDiff {
  let byKey = diffs.get(fleet);
  if (!byKey) diffs.set(fleet, (byKey = new Map()));
  const key = JSON.stringify([userId, against, projectId]);
  let d = byKey.get(key);
  if (!d) {
    d = diffAccess(fleet, userId, diffSpecOf(against, projectId));
    if (byKey.size >= 4) byKey.delete(byKey.keys().next().value!);
    byKey.set(key, d);
  }
  return d;
}

/** The "after" side's roles per project, as diffAccess builds them (kept in step with core/engine/diff.ts). */
function sides(fleet: Fleet, userIdx: number, against: CompareAgainst, projectIdx: number | null) {
  const before = rolesByProject(fleet, userIdx);
  if (against.kind === 'user') {
    const afterIdx = userIdxOf(fleet, against.userId);
    return { before, afterIdx, after: rolesByProject(fleet, afterIdx) };
  }
  const role: CompiledRole =
    against.role.kind === 'stored'
      ? fleet.roles[projectRoleIdxOf(fleet, against.role.projectRoleId)]
      : compileRole(fleet, normaliseRole(against.role.role));
  const after = before.slice();
  if (projectIdx !== null) after[projectIdx] = role;
  else for (let p = 0; p < after.length; p++) if (before[p] !== null) after[p] = role;
  return { before, afterIdx: userIdx, after };
}

export function againstLabel(fleet: Fleet, against: CompareAgainst, projectId: string | null): string {
  const where = projectId === null ? 'in every project where they have a role' : `in project «${names.project(fleet, projectId)}»`;
  if (against.kind === 'user') return `«${names.user(fleet, against.userId)}»${projectId === null ? '' : ` (project «${names.project(fleet, projectId)}» only)`}`;
  if (against.role.kind === 'stored') return `project role «${names.projectRole(fleet, against.role.projectRoleId)}» ${where}`;
  return `draft role «${against.role.role.name || 'Draft'}» ${where}`;
}

/** Throws UnknownIdError for an unknown user, role or project (the source answers null). */
export function compareSummary(fleet: Fleet, userId: string, against: CompareAgainst, projectId: string | null): CompareSummary {
  const u = userIdxOf(fleet, userId);
  const projectIdx = projectId === null ? null : projectIdxOf(fleet, projectId);
  const diff = cachedDiff(fleet, userId, against, projectId);

  const counts = new Map<string, { before: Effect; after: Effect; count: number }>();
  let gained = 0;
  for (const c of diff.changes) {
    const key = `${c.before}>${c.after}`;
    const t = counts.get(key) ?? { before: c.before, after: c.after, count: 0 };
    t.count++;
    counts.set(key, t);
    if (RANK[c.after] > RANK[c.before]) gained++;
  }

  // Menu items per project, over the same projects as diffAccess's functions.
  const { before, afterIdx, after } = sides(fleet, u, against, projectIdx);
  const me = fleet.users[u];
  const other = fleet.users[afterIdx];
  const menuFor = (active: boolean, admin: boolean, role: CompiledRole | null) => menuOf(active && !admin ? role : null, active && admin);
  const menu: CompareSummary['menu'] = [];
  for (let p = 0; p < before.length; p++) {
    if (projectIdx !== null ? p !== projectIdx : before[p] === null && after[p] === null) continue;
    const mb = menuFor(me.active, me.isGlobalAdmin, before[p]);
    const ma = menuFor(other.active, other.isGlobalAdmin, after[p]);
    const project = fleet.snapshot.projects[p];
    mb.forEach((m, g) => {
      if (m.visible !== ma[g].visible)
        menu.push({ projectId: project.id, projectName: names.project(fleet, project.id), groupId: m.groupId, label: FEATURE_GROUPS[g].label, before: m.visible, after: ma[g].visible });
    });
  }

  // R6 without a target depends on the system role only: it changes only when comparing with another user.
  const assignable: CompareSummary['assignable'] = [];
  if (against.kind === 'user') {
    const a = assignableRoles(fleet, userId, null).roles;
    const b = new Map(assignableRoles(fleet, against.userId, null).roles.map((r) => [r.roleId, r.allowed]));
    for (const r of a) {
      const later = b.get(r.roleId) ?? false;
      if (r.allowed !== later) assignable.push({ roleId: r.roleId, roleName: names.systemRole(fleet, r.roleId), before: r.allowed, after: later });
    }
  }

  return {
    userId,
    userName: names.user(fleet, userId),
    againstLabel: againstLabel(fleet, against, projectId),
    projectId,
    projectName: projectId === null ? null : names.project(fleet, projectId),
    assets: {
      changed: diff.changes.length,
      gained,
      lost: diff.changes.length - gained,
      transitions: [...counts.values()].sort((x, y) => y.count - x.count || RANK[x.before] - RANK[y.before] || RANK[x.after] - RANK[y.after]),
    },
    functions: diff.functions.map((f) => ({
      projectId: f.projectId,
      projectName: names.project(fleet, f.projectId),
      id: f.id,
      label: FUNCTION_LABEL.get(f.id) ?? f.id,
      before: f.before,
      after: f.after,
    })),
    menu,
    assignable,
  };
}

/** One page of the changed assets, optionally only one before→after pair. */
export function compareChanges(
  fleet: Fleet,
  req: { userId: string; against: CompareAgainst; projectId: string | null; before: Effect | null; after: Effect | null; offset: number; limit: number },
): { total: number; offset: number; rows: CompareChange[] } {
  userIdxOf(fleet, req.userId);
  const changes = cachedDiff(fleet, req.userId, req.against, req.projectId).changes;
  const wanted = req.before === null && req.after === null ? changes : changes.filter((c) => (req.before === null || c.before === req.before) && (req.after === null || c.after === req.after));
  const rows = wanted.slice(req.offset, req.offset + req.limit).map((c) => ({
    assetId: c.assetId,
    name: fleet.snapshot.assets[fleet.assetIndex.get(c.assetId)!].name,
    before: c.before,
    after: c.after,
  }));
  return { total: wanted.length, offset: req.offset, rows };
}
