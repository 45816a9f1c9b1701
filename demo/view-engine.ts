// The engine-backed view of one signed-in user: visible assets (R3), tickets (R4) with names (R5), the menu of a
// project (R1), the users in the user's organization scope, the verification queue (R8) and assignable roles (R6).
// The fleet is compiled once per data version and shared by every user's view.
import { FEATURE_GROUPS, functionsOf } from '../core/model/catalog';
import type { Asset, Project, User } from '../core/model/snapshot';
import {
  compileFleet,
  EFFECTS,
  hasPermission,
  projectFeatures,
  ticketSteps,
  userAssetsPacked,
  userOrgScopeContains,
  type Fleet,
} from '../core/engine/index';
import { assignableRoles } from '../core/engine/roles';
import { describeRoleCheck } from '../core/wording/roles';
import { verifyQueue } from '../core/engine/verify-queue';
import type { FeedStore } from './store';
import type { AssetEffect, FunctionAccess, MenuItem, TicketView, UserView } from './view';

const compiled = new WeakMap<FeedStore, { epoch: string; seq: number; fleet: Fleet }>();

/** The compiled fleet of the store's current data (recompiled lazily after a change). */
export function fleetOf(store: FeedStore): Fleet {
  const c = compiled.get(store);
  if (c && c.epoch === store.epoch && c.seq === store.headSeq) return c.fleet;
  const fleet = compileFleet(store.snapshot());
  compiled.set(store, { epoch: store.epoch, seq: store.headSeq, fleet });
  return fleet;
}

const lazy = <T>(f: () => T): (() => T) => {
  let box: { v: T } | null = null;
  return () => (box ??= { v: f() }).v;
};

const FUNCTION_LABEL = new Map<string, string>(
  FEATURE_GROUPS.flatMap((g) => functionsOf(g.id).map((f) => [`${g.id}.${f.id}`, f.label] as const)),
);

export function buildUserView(store: FeedStore, user: User): UserView {
  const fleet = fleetOf(store);
  const s = fleet.snapshot;
  const u = fleet.userIndex.get(user.id)!;
  const me = fleet.users[u];
  const systemRole = store.systemRoles().find((r) => r.id === user.systemRoleId) ?? null;
  const canManageUsers = me.active && hasPermission(fleet, u, 'manageUsers');

  const packed = lazy(() => userAssetsPacked(fleet, u));
  const visibleAssets = lazy(() => {
    const p = packed();
    const out: Asset[] = [];
    for (let a = 0; a < p.length; a++) if ((p[a] & 3) !== 0 && !fleet.assetDuplicate[a]) out.push(s.assets[a]);
    return out;
  });

  const tickets = lazy(() => {
    const out: TicketView[] = [];
    for (let t = 0; t < s.tickets.length; t++) {
      const d = ticketSteps(fleet, u, t);
      if (d.effect === 'hidden') continue;
      const ticket = s.tickets[t];
      out.push({
        ticket,
        effect: d.effect,
        assetName: d.effect === 'visible' ? d.assetName : null,
        assigneeName: d.assigneeName,
        assigneeHidden: ticket.assigneeId !== null && d.assigneeName === null,
      });
    }
    return out;
  });

  const projects = lazy((): Project[] => {
    if (me.isGlobalAdmin) return s.projects;
    const idx = new Set<number>();
    for (let i = fleet.userMemberStart[u]; i < fleet.userMemberStart[u + 1]; i++) idx.add(fleet.memberProject[i]);
    return s.projects.filter((_, p) => idx.has(p));
  });

  const features = new Map<string, ReturnType<typeof projectFeatures>>();
  const featuresOf = (projectId: string | null) => {
    if (projectId === null || !fleet.projectIndex.has(projectId)) return null;
    let f = features.get(projectId);
    if (!f) features.set(projectId, (f = projectFeatures(fleet, user.id, projectId)));
    return f;
  };

  return {
    user,
    systemRole,
    visibleAssets,
    assetEffect: (assetId): AssetEffect => {
      const a = fleet.assetIndex.get(assetId);
      return a === undefined ? 'hidden' : EFFECTS[packed()[a] & 3];
    },
    tickets,
    projects,
    menu: (projectId): MenuItem[] => {
      const f = featuresOf(projectId);
      return FEATURE_GROUPS.map((g, i) => ({ groupId: g.id, label: g.label, visible: f?.menu[i]?.visible ?? false }));
    },
    functions: (projectId): FunctionAccess[] => {
      const f = featuresOf(projectId);
      return (f?.functions ?? []).map((x) => ({ id: x.id, label: FUNCTION_LABEL.get(x.id) ?? x.id, read: x.read, write: x.write }));
    },
    canManageUsers,
    manageableUsers: lazy(() => {
      if (!canManageUsers) return [];
      return s.users.filter((_, t) => !fleet.userDuplicate[t] && userOrgScopeContains(fleet, u, fleet.users[t].orgIdx));
    }),
    registrationQueue: lazy(() => {
      const byId = new Map(s.users.map((x) => [x.id, x]));
      return verifyQueue(fleet, user.id).pending.map((p) => ({
        user: byId.get(p.userId)!,
        suggestedRoleId: p.suggestedRoleId,
        allowedRoleIds: p.allowedRoleIds,
      }));
    }),
    assignableRoles: (targetId) => {
      if (!canManageUsers || !fleet.userIndex.has(targetId)) return [];
      return assignableRoles(fleet, user.id, targetId).roles.map((r) => ({
        roleId: r.roleId,
        allowed: r.allowed,
        reasons: r.reasons.map(describeRoleCheck),
      }));
    },
  };
}
