// The invitation helper, engine side (DirectSource only): R7 for one inviter and one organization, regrouped for
// the panel (what blocks the whole invitation, the default and why, the allowed roles, every other role with its
// reasons), and the organizations to pick from.
import { invitation, names, userOrgScopeContains, type Fleet } from '../engine';
import { wordInvitation } from '../wording/roles';
import type { InvitationFacts, OrganizationRef } from '../source/data-source';

export function invitationFacts(fleet: Fleet, userId: string, organizationId: string): InvitationFacts {
  const inv = wordInvitation(invitation(fleet, userId, organizationId));
  const role = (id: string) => ({ id, name: names.systemRole(fleet, id) });
  const allowed = new Set(inv.allowedRoleIds);
  const denied = new Map<string, { code: string; message: string }[]>();
  let note: InvitationFacts['note'] = null;
  const blocking: InvitationFacts['blocking'] = [];
  for (const r of inv.reasons) {
    const reason = { code: r.code, message: r.message };
    if (r.code === 'INVITE_DEFAULT_INVITER_ROLE' || r.code === 'INVITE_NO_DEFAULT_ROLE') note = reason;
    else if (r.roleId === null) blocking.push(reason);
    else if (!allowed.has(r.roleId)) denied.set(r.roleId, [...(denied.get(r.roleId) ?? []), reason]);
  }
  // Catalog order, each role once (first record wins, as everywhere).
  const catalog = fleet.systemRoles.filter((r, i) => fleet.systemRoleIndex.get(r.id) === i);
  return {
    inviterId: inv.inviterId,
    organizationId,
    organizationName: names.organization(fleet, organizationId),
    defaultRole: inv.defaultRoleId === null ? null : role(inv.defaultRoleId),
    allowedRoles: inv.allowedRoleIds.map(role),
    blocking,
    note,
    // A blocked invitation allows nothing; its roles carry no reasons of their own (the blocking ones say why).
    deniedRoles: catalog.filter((r) => !allowed.has(r.id)).map((r) => ({ ...role(r.id), reasons: denied.get(r.id) ?? [] })),
  };
}

/**
 * Organizations whose name or id contains `query`, those in the user's organization scope first (snapshot order
 * within each group), at most `limit`; `total` counts every match.
 */
export function searchOrganizations(
  fleet: Fleet,
  userId: string | null,
  query: string,
  limit: number,
): { total: number; organizations: OrganizationRef[] } {
  const q = query.trim().toLowerCase();
  const u = userId === null ? undefined : fleet.userIndex.get(userId);
  const inScope: OrganizationRef[] = [];
  const outside: OrganizationRef[] = [];
  fleet.snapshot.organizations.forEach((o, i) => {
    if (fleet.orgIndex.get(o.id) !== i) return;
    if (q !== '' && !o.name.toLowerCase().includes(q) && !o.id.toLowerCase().includes(q)) return;
    const scoped = u === undefined ? null : userOrgScopeContains(fleet, u, i);
    (scoped === false ? outside : inScope).push({ id: o.id, name: o.name, type: o.type, inScope: scoped });
  });
  const all = [...inScope, ...outside];
  return { total: all.length, organizations: all.slice(0, limit) };
}
