// Role editor preview, engine side (DirectSource only): the engine's roleImpact (core/engine/role-impact) with names
// and words, the platform's own Save check (core/engine/role-edit — the same one its API runs), the draft's lint
// findings, and what changed between the role as opened, as edited and as synced.
import { describeLintFinding } from '../wording/lint';
import { describeHolderCode, describeImpactHeadline, describeRoleEditProblem, functionLabel, groupLabel } from '../wording/role-edit';
import { names, type Fleet } from '../engine';
import { checkRoleEdit, draftForImpact, roleVersion } from '../engine/role-edit';
import { roleImpact, roleImpactAssets, type HolderImpact } from '../engine/role-impact';
import { projectsUsingRole } from '../engine/features';
import { FEATURE_GROUPS } from '../model/catalog';
import type { ProjectRole } from '../model/snapshot';
import type { CompareChange, ParsedRequestOf, ResponseOf, RoleFinding } from '../source/data-source';

type ImpactRequest = ParsedRequestOf<'roleImpact'>;
type AssetsRequest = ParsedRequestOf<'roleImpactAssets'>;

/** Per fleet: which tag indexes some asset carries (lint: a tag no asset carries). */
const carried = new WeakMap<Fleet, Uint8Array>();
function carriedTags(fleet: Fleet): Uint8Array {
  let c = carried.get(fleet);
  if (!c) {
    c = new Uint8Array(fleet.tags.length);
    for (let i = 0; i < fleet.assetTagList.length; i++) c[fleet.assetTagList[i]] = 1;
    carried.set(fleet, c);
  }
  return c;
}

function storedRole(fleet: Fleet, roleId: string | null): ProjectRole | null {
  if (roleId === null) return null;
  const i = fleet.projectRoleIndex.get(roleId);
  return i === undefined ? null : fleet.snapshot.projectRoles[i];
}

/** The fields two roles differ in, in the editor's words and order (absent groups and functions are off). */
export function roleDifferences(a: ProjectRole, b: ProjectRole): string[] {
  const out: string[] = [];
  if (a.name !== b.name) out.push('Name');
  if (JSON.stringify(a.location) !== JSON.stringify(b.location)) out.push('Location');
  if (a.expertMode !== b.expertMode) out.push('Expert Mode');
  if (a.fullAccessUntagged !== b.fullAccessUntagged) out.push('Full access to assets without tags');
  const tagsOf = (r: ProjectRole) => new Map(r.tags.map((t) => [t.tag, `${t.read}${t.write}`]));
  const ta = tagsOf(a);
  const tb = tagsOf(b);
  for (const tag of new Set([...ta.keys(), ...tb.keys()])) if (ta.get(tag) !== tb.get(tag)) out.push(`Tag «${tag}»`);
  for (const g of FEATURE_GROUPS) {
    const on = (r: ProjectRole) => r.features[g.id]?.enabled === true;
    if (on(a) !== on(b)) out.push(`Universal switch «${g.label}»`);
    for (const f of g.functions) {
      const pair = (r: ProjectRole, k: 'read' | 'write') => r.features[g.id]?.functions[f.id]?.[k] === true;
      if (pair(a, 'read') !== pair(b, 'read')) out.push(`${functionLabel(`${g.id}.${f.id}`)} read`);
      if (pair(a, 'write') !== pair(b, 'write')) out.push(`${functionLabel(`${g.id}.${f.id}`)} write`);
    }
  }
  return out;
}

function lintOf(fleet: Fleet, roleId: string | null, draft: ProjectRole): RoleFinding[] {
  const out: RoleFinding[] = [];
  const role = { id: draft.id, name: draft.name };
  const c = carriedTags(fleet);
  draft.tags.forEach((t, i) => {
    const ti = fleet.tagIndex.get(t.tag);
    if (ti === undefined || !c[ti]) {
      const path = `tags[${i}].tag`;
      out.push({ code: 'TAG_UNUSED', path, message: describeLintFinding({ code: 'TAG_UNUSED', path, role, tag: t.tag }) });
    }
  });
  if (draft.fullAccessUntagged && draft.tags.length === 0) {
    out.push({
      code: 'UNTAGGED_ACCESS_NO_EFFECT',
      path: 'fullAccessUntagged',
      message: describeLintFinding({ code: 'UNTAGGED_ACCESS_NO_EFFECT', path: 'fullAccessUntagged', role }),
    });
  }
  if (roleId === null || projectsUsingRole(fleet, roleId).length === 0) {
    out.push({ code: 'PROJECT_ROLE_UNUSED', path: 'id', message: describeLintFinding({ code: 'PROJECT_ROLE_UNUSED', path: 'id', role }) });
  }
  return out;
}

const weight = (h: HolderImpact) =>
  h.assets.gained + h.assets.lost + h.tickets.visible + h.tickets.redacted + h.tickets.hidden + h.functions + h.menu;

export function roleImpactAnswer(fleet: Fleet, req: ImpactRequest): ResponseOf<'roleImpact'> {
  const stored = storedRole(fleet, req.roleId);
  const draft = draftForImpact(req.draft);
  const opened = draftForImpact(req.opened);
  const baseline = draftForImpact(req.baseline);
  // A new role gets its id from the platform on create: check the rest as the API does.
  const raw = req.draft as { id?: unknown } | null;
  const forCheck = req.roleId === null && raw && typeof raw === 'object' && !raw.id ? { ...raw, id: '(new)' } : req.draft;
  const check = checkRoleEdit(forCheck, req.roleId ?? undefined);
  const refusals: RoleFinding[] = check.ok
    ? []
    : check.problems.map((p) => ({ code: p.code, path: p.path, message: describeRoleEditProblem(p) }));
  const answer: ResponseOf<'roleImpact'> = {
    known: stored !== null,
    storedVersion: stored ? roleVersion(stored) : null,
    changedSinceOpened: stored && opened ? roleDifferences(opened, stored) : [],
    unsaved: draft && opened ? roleDifferences(opened, draft) : [],
    refusals,
    lint: draft ? lintOf(fleet, stored ? req.roleId : null, draft) : [],
    impact: null,
  };
  if (!draft) return answer;
  const impact = roleImpact(fleet, stored ? req.roleId : null, draft, baseline ? { baseline } : {});
  const holders = impact.holders
    .map((h, i) => ({ h, i, w: weight(h) }))
    .sort((x, y) => y.w - x.w || x.i - y.i)
    .slice(req.holderOffset, req.holderOffset + req.holderLimit)
    .map(({ h }) => ({
      ...h,
      userName: names.user(fleet, h.userId),
      projectName: names.project(fleet, h.projectId),
      message: describeHolderCode(h.code),
    }));
  answer.impact = {
    roleId: impact.roleId,
    roleName: draft.name,
    headline: describeImpactHeadline(impact),
    usedIn: impact.projectIds.map((id) => ({ id, name: names.project(fleet, id) })),
    totals: impact.totals,
    functions: impact.functions.map((f) => ({ ...f, label: functionLabel(f.id) })),
    menu: impact.menu.map((m) => ({ ...m, label: groupLabel(m.groupId) })),
    holders,
    holdersOffset: req.holderOffset,
  };
  return answer;
}

export function roleImpactAssetsAnswer(fleet: Fleet, req: AssetsRequest): ResponseOf<'roleImpactAssets'> {
  const draft = draftForImpact(req.draft);
  const baseline = draftForImpact(req.baseline);
  const stored = storedRole(fleet, req.roleId);
  if (!draft || !stored) return { total: 0, offset: req.offset, rows: [] };
  const all: CompareChange[] = roleImpactAssets(
    fleet,
    req.roleId,
    draft,
    { userId: req.userId, projectId: req.projectId },
    baseline ? { baseline } : {},
  );
  return { total: all.length, offset: req.offset, rows: all.slice(req.offset, req.offset + req.limit) };
}
