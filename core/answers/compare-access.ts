// Compare, engine side (DirectSource only): the inspected user against another user, a stored project role or a
// draft one. Asset and function changes come from the engine's diffAccess (SPEC §6 "diff"); this adds what a
// support engineer reads first — counts per before→after, the menu items that appear or vanish (R1, §6 menu) and
// the system roles the user could assign (R6) — and keeps the last few diffs so details page cheaply.
import {
  assetNameAt,
  assignableRoles,
  diffAccess,
  diffSides,
  menuOf,
  names,
  userIdxOf,
  type AccessDiff,
  type CompiledRole,
  type DiffSpec,
  type Fleet,
} from '../engine';
import { FEATURE_GROUPS } from '../model/catalog';
import { EFFECT_RANK, type Effect } from '../model/effects';
import type { CompareAgainst, CompareChange, CompareSummary, ParsedRequestOf } from '../source/data-source';

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

export function againstLabel(fleet: Fleet, against: CompareAgainst, projectId: string | null): string {
  const where = projectId === null ? 'in every project where they have a role' : `in project «${names.project(fleet, projectId)}»`;
  if (against.kind === 'user')
    return `«${names.user(fleet, against.userId)}»${projectId === null ? '' : ` (project «${names.project(fleet, projectId)}» only)`}`;
  if (against.role.kind === 'stored') return `project role «${names.projectRole(fleet, against.role.projectRoleId)}» ${where}`;
  return `draft role «${against.role.role.name || 'Draft'}» ${where}`;
}

/** Throws UnknownIdError for an unknown user, role or project (the source answers null). */
export function compareSummary(fleet: Fleet, userId: string, against: CompareAgainst, projectId: string | null): CompareSummary {
  const diff = cachedDiff(fleet, userId, against, projectId);

  const counts = new Map<string, { before: Effect; after: Effect; count: number }>();
  let gained = 0;
  for (const c of diff.changes) {
    const key = `${c.before}>${c.after}`;
    const t = counts.get(key) ?? { before: c.before, after: c.after, count: 0 };
    t.count++;
    counts.set(key, t);
    if (EFFECT_RANK[c.after] > EFFECT_RANK[c.before]) gained++;
  }

  // Menu items per project, over the same sides and projects as diffAccess's functions (projects with a record).
  const {
    userIdx,
    afterIdx,
    projectIdx,
    rolesBefore: before,
    rolesAfter: after,
  } = diffSides(fleet, userId, diffSpecOf(against, projectId));
  const me = fleet.users[userIdx];
  const other = fleet.users[afterIdx];
  const menuFor = (active: boolean, admin: boolean, role: CompiledRole | null) => menuOf(active && !admin ? role : null, active && admin);
  const menu: CompareSummary['menu'] = [];
  for (let p = 0; p < fleet.snapshot.projects.length; p++) {
    if (projectIdx !== null ? p !== projectIdx : before[p] === null && after[p] === null) continue;
    const mb = menuFor(me.active, me.isGlobalAdmin, before[p]);
    const ma = menuFor(other.active, other.isGlobalAdmin, after[p]);
    const project = fleet.snapshot.projects[p];
    mb.forEach((m, g) => {
      if (m.visible !== ma[g].visible)
        menu.push({
          projectId: project.id,
          projectName: names.project(fleet, project.id),
          groupId: m.groupId,
          label: FEATURE_GROUPS[g].label,
          before: m.visible,
          after: ma[g].visible,
        });
    });
  }

  // R6 without a target depends on the system role only: it changes only when comparing with another user.
  const assignable: CompareSummary['assignable'] = [];
  if (against.kind === 'user') {
    const a = assignableRoles(fleet, userId, null).roles;
    const b = new Map(assignableRoles(fleet, against.userId, null).roles.map((r) => [r.roleId, r.allowed]));
    for (const r of a) {
      const later = b.get(r.roleId) ?? false;
      if (r.allowed !== later)
        assignable.push({ roleId: r.roleId, roleName: names.systemRole(fleet, r.roleId), before: r.allowed, after: later });
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
      transitions: [...counts.values()].sort(
        (x, y) => y.count - x.count || EFFECT_RANK[x.before] - EFFECT_RANK[y.before] || EFFECT_RANK[x.after] - EFFECT_RANK[y.after],
      ),
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
  req: ParsedRequestOf<'compareChanges'>,
): { total: number; offset: number; rows: CompareChange[] } {
  userIdxOf(fleet, req.userId);
  const changes = cachedDiff(fleet, req.userId, req.against, req.projectId).changes;
  const wanted =
    req.before === null && req.after === null
      ? changes
      : changes.filter((c) => (req.before === null || c.before === req.before) && (req.after === null || c.after === req.after));
  const rows = wanted.slice(req.offset, req.offset + req.limit).map((c) => ({
    assetId: c.assetId,
    name: assetNameAt(fleet, fleet.assetIndex.get(c.assetId)!),
    before: c.before,
    after: c.after,
  }));
  return { total: wanted.length, offset: req.offset, rows };
}
