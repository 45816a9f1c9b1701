// The page overlay, engine side (DirectSource only): what one user — optionally holding another project role, stored
// or draft — would see of the rows, tickets, names and menu on the page. With a role, the decision is made on a
// what-if copy of the snapshot (the user's membership swapped), compiled once and kept while the data stays the
// same, so tickets (R4) and names (R5) follow the very rules the engine applies to real data.
import {
  assetEffect,
  compileFleet,
  hasPermission,
  isVerifier,
  names,
  normaliseRole,
  projectFeatures,
  projectIdxOf,
  projectRoleIdxOf,
  ticketSteps,
  userIdxOf,
  userAssetsPacked,
  userNameVisible,
  userOrgScopeContains,
  verifyQueue,
  type Fleet,
} from '../engine';
import type { Snapshot } from '../model/snapshot';
import type { OverlayView, ParsedRequestOf, RoleOverride } from '../source/data-source';

/** The overlay's request with its defaults applied (validatedSource parses it). */
type OverlayRequest = ParsedRequestOf<'overlayView'>;

/** Id of a draft role in the what-if copy: never one of the snapshot's own ids. */
function draftIdFor(snapshot: Snapshot): string {
  const taken = new Set(snapshot.projectRoles.map((r) => r.id));
  let id = 'draft';
  for (let n = 2; taken.has(id); n++) id = `draft-${n}`;
  return id;
}

/**
 * The snapshot with `userId` holding `role`: in `projectId` (added or replacing their membership there), else in
 * place of their role in every project where they have one (the same reading as diff, SPEC §6).
 */
export function snapshotWithRole(fleet: Fleet, userId: string, role: RoleOverride, projectId: string | null): Snapshot {
  userIdxOf(fleet, userId);
  if (projectId !== null) projectIdxOf(fleet, projectId);
  const s = fleet.snapshot;
  let roleId: string;
  let projectRoles = s.projectRoles;
  if (role.kind === 'stored') {
    roleId = s.projectRoles[projectRoleIdxOf(fleet, role.projectRoleId)].id;
  } else {
    roleId = draftIdFor(s);
    projectRoles = [...s.projectRoles, { ...normaliseRole(role.role), id: roleId }];
  }
  const memberships =
    projectId !== null
      ? [...s.memberships.filter((m) => !(m.userId === userId && m.projectId === projectId)), { userId, projectId, projectRoleId: roleId }]
      : s.memberships.map((m) => (m.userId === userId ? { ...m, projectRoleId: roleId } : m));
  return { ...s, projectRoles, memberships };
}

const whatIf = new WeakMap<Fleet, Map<string, Fleet>>();

function fleetFor(base: Fleet, req: OverlayRequest): Fleet {
  if (req.role === null) return base;
  let byKey = whatIf.get(base);
  if (!byKey) whatIf.set(base, (byKey = new Map()));
  const key = JSON.stringify([req.userId, req.role, req.projectId]);
  let f = byKey.get(key);
  if (!f) {
    f = compileFleet(snapshotWithRole(base, req.userId, req.role, req.projectId));
    // A compiled fleet is big: keep only the last two what-ifs.
    if (byKey.size >= 2) byKey.delete(byKey.keys().next().value!);
    byKey.set(key, f);
  }
  return f;
}

/** Throws UnknownIdError for an unknown user, role or project; unknown row ids are left out. */
export function overlayAnswer(base: Fleet, req: OverlayRequest): OverlayView {
  const fleet = fleetFor(base, req);
  const u = userIdxOf(fleet, req.userId);
  const user = fleet.snapshot.users[u];
  const systemRole =
    user.systemRoleId === null || !fleet.systemRoleIndex.has(user.systemRoleId) ? null : names.systemRole(fleet, user.systemRoleId);
  const roleName =
    req.role === null
      ? null
      : req.role.kind === 'stored'
        ? names.projectRole(base, req.role.projectRoleId)
        : req.role.role.name || 'Draft role';

  const assets: OverlayView['assets'] = [];
  for (const id of new Set(req.assetIds)) {
    const a = fleet.assetIndex.get(id);
    if (a !== undefined) assets.push({ assetId: id, effect: assetEffect(fleet, u, a).effect });
  }
  const tickets: OverlayView['tickets'] = [];
  for (const id of new Set(req.ticketIds)) {
    const t = fleet.ticketIndex.get(id);
    if (t === undefined) continue;
    const d = ticketSteps(fleet, u, t);
    tickets.push({
      ticketId: id,
      effect: d.effect,
      assigneeHidden: d.effect !== 'hidden' && fleet.snapshot.tickets[t].assigneeId !== null && d.assigneeName === null,
    });
  }
  const nameAnswers: OverlayView['names'] = [];
  const seen = new Set<string>();
  for (const n of req.names) {
    const key = `${n.userId}\u0000${n.projectId ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const other = fleet.userIndex.get(n.userId);
    if (other === undefined) continue;
    const p = n.projectId === null ? null : (fleet.projectIndex.get(n.projectId) ?? null);
    nameAnswers.push({ userId: n.userId, projectId: n.projectId, visible: userNameVisible(fleet, u, other, p) });
  }
  const projectKnown = req.projectId !== null && fleet.projectIndex.has(req.projectId);
  const manageUsers = fleet.users[u].active && hasPermission(fleet, u, 'manageUsers');
  const userRows: OverlayView['userRows'] = [];
  for (const id of new Set(req.userRowIds)) {
    const t = fleet.userIndex.get(id);
    if (t !== undefined) userRows.push({ userId: id, manageable: manageUsers && userOrgScopeContains(fleet, u, fleet.users[t].orgIdx) });
  }
  const registrants: OverlayView['registrants'] = [];
  if (req.registrantIds.length > 0) {
    const queue = new Set(verifyQueue(fleet, user.id).pending.map((p) => p.userId));
    for (const id of new Set(req.registrantIds)) if (fleet.userIndex.has(id)) registrants.push({ userId: id, inQueue: queue.has(id) });
  }
  let totals: OverlayView['totals'] = null;
  const c = req.compareWith === null ? undefined : base.userIndex.get(req.compareWith);
  if (c !== undefined) {
    // The page's signed-in user is counted with their own roles, on the real data (not the what-if copy).
    totals = { ...totalsOf(fleet, u), compareWith: { userId: req.compareWith!, ...totalsOf(base, c) } };
  }
  return {
    userId: user.id,
    userName: names.user(fleet, user.id),
    systemRoleName: systemRole,
    roleName,
    projectId: req.projectId,
    projectName: req.projectId === null ? null : names.project(fleet, req.projectId),
    assets,
    tickets,
    names: nameAnswers,
    menu: projectKnown ? projectFeatures(fleet, user.id, req.projectId!).menu : [],
    manageUsers,
    verifier: isVerifier(fleet, u),
    projectIds: projectsOf(fleet, u),
    userRows,
    registrants,
    totals,
  };
}

/** The projects the platform offers the user: where they have a membership, or all for a Global Admin. */
function projectsOf(fleet: Fleet, u: number): string[] {
  const projects = fleet.snapshot.projects;
  if (fleet.users[u].isGlobalAdmin) return [...new Set(projects.map((p) => p.id))];
  const out = new Set<string>();
  for (let i = fleet.userMemberStart[u]; i < fleet.userMemberStart[u + 1]; i++) out.add(projects[fleet.memberProject[i]].id);
  return [...out];
}

const totalsCache = new WeakMap<Fleet, Map<number, { visibleAssets: number; visibleTickets: number }>>();

/** How many assets and tickets the user sees in the whole fleet (duplicate records counted once); kept per fleet. */
function totalsOf(fleet: Fleet, userIdx: number): { visibleAssets: number; visibleTickets: number } {
  let byUser = totalsCache.get(fleet);
  if (!byUser) totalsCache.set(fleet, (byUser = new Map()));
  const known = byUser.get(userIdx);
  if (known) return known;
  const packed = userAssetsPacked(fleet, userIdx);
  let visibleAssets = 0;
  for (let a = 0; a < packed.length; a++) if ((packed[a] & 3) !== 0 && !fleet.assetDuplicate[a]) visibleAssets++;
  let visibleTickets = 0;
  const tickets = fleet.snapshot.tickets;
  for (let t = 0; t < tickets.length; t++) {
    if (fleet.ticketIndex.get(tickets[t].id) === t && ticketSteps(fleet, userIdx, t).effect !== 'hidden') visibleTickets++;
  }
  const out = { visibleAssets, visibleTickets };
  byUser.set(userIdx, out);
  return out;
}
