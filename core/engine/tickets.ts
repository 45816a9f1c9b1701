// R4 tickets (and any entity tied to an asset) and R5 names of other users, with the §6 ticket steps.
// Expert mode lifts only the role's own asset restrictions (R3 steps 5–6), never scope or project membership; the
// expert-mode role is the user's role in the asset's project. A redacted decision never carries the asset's name.
import { accessSteps } from './access';
import type { AccessCode, NameCode, TicketEffect } from './codes';
import type { TicketDecision, TicketStepData } from './ticket-types';
import { assetNameAt, hasPermission, membershipRecordOf, ticketIdxOf, userIdxOf, type Fleet } from './fleet';
import { roleAt, userAt, userCount } from './compiled-items';

export type { TicketDecision } from './ticket-types';

const WRITE_STEP_CODES = new Set<string>(['ASSETS_NO_WRITE', 'NO_WRITABLE_TAG', 'TAG_WRITE', 'ASSETS_WRITE']);
const LIFTED_BY_EXPERT_MODE = new Set<string>(['ASSETS_SWITCH_OFF', 'ASSETS_NO_READ', 'UNTAGGED_NO_ACCESS', 'NO_READABLE_TAG']);

/**
 * R5 by index: why `viewer` does or does not see `other`'s name (within project key `projectIdx`, or outside any
 * project). SPEC §7: an unknown user (`otherIdx` -1) has no name to show; everyone sees their own name; a
 * globalAdmin sees every other user's name as SYSTEM_ROLE_USERS, whatever the catalog gives the role.
 */
export function nameVisibility(fleet: Fleet, viewerIdx: number, otherIdx: number, projectIdx: number | null): NameCode {
  if (otherIdx < 0 || otherIdx >= userCount(fleet)) return 'NAMES_HIDDEN';
  if (viewerIdx === otherIdx || fleet.snapshot.users[viewerIdx]?.id === fleet.snapshot.users[otherIdx]?.id) return 'OWN_NAME';
  if (userAt(fleet, viewerIdx)?.isGlobalAdmin || hasPermission(fleet, viewerIdx, 'manageUsers')) return 'SYSTEM_ROLE_USERS';
  if (projectIdx !== null && projectIdx >= 0) {
    const r = fleet.membershipRole.get(viewerIdx * fleet.projectKeyIds.length + projectIdx);
    if (r !== undefined && roleAt(fleet, r).usersInOtherLists) return 'USERS_IN_OTHER_LISTS';
  }
  return 'NAMES_HIDDEN';
}

/** R5: `viewer` sees `other`'s name in lists (a ticket's assignee, a project's members). */
export function userNameVisible(fleet: Fleet, viewerIdx: number, otherIdx: number, projectIdx: number | null): boolean {
  return nameVisibility(fleet, viewerIdx, otherIdx, projectIdx) !== 'NAMES_HIDDEN';
}

/** The ticket decision's steps (no messages) and outcome. */
export function ticketSteps(fleet: Fleet, userIdx: number, ticketIdx: number): TicketDecision {
  const s = fleet.snapshot;
  const user = s.users[userIdx];
  const ticket = s.tickets[ticketIdx];
  const userId = user.id;
  const ticketId = ticket.id;
  const steps: TicketStepData[] = [];
  const done = (effect: TicketEffect, assetName: string | null, assigneeName: string | null) => ({
    userId,
    ticketId,
    effect,
    assetName,
    assigneeName,
    steps,
  });

  if (user.status !== 'active') {
    steps.push({ code: 'USER_NOT_ACTIVE', ok: false, userId, status: user.status });
    return done('hidden', null, null);
  }
  steps.push({ code: 'USER_ACTIVE', ok: true, userId, status: user.status });

  const assetIdx = ticket.assetId === null ? undefined : fleet.assetIndex.get(ticket.assetId);
  const assetStepBase = { ticketId, userId, ...(ticket.assetId !== null ? { assetId: ticket.assetId } : {}) };

  // Names step, when the ticket has an assignee (the ticket's project decides USERS_IN_OTHER_LISTS).
  const namesStep = (): string | null => {
    if (ticket.assigneeId === null) return null;
    const assigneeIdx = fleet.userIndex.get(ticket.assigneeId);
    const projectIdx = fleet.projectKeyIndex.get(ticket.projectId) ?? null;
    const code: NameCode = nameVisibility(fleet, userIdx, assigneeIdx ?? -1, projectIdx);
    const roleIdx = projectIdx === null ? -1 : (fleet.membershipRole.get(userIdx * fleet.projectKeyIds.length + projectIdx) ?? -1);
    steps.push({
      code,
      ok: code !== 'NAMES_HIDDEN',
      userId,
      assigneeId: ticket.assigneeId,
      ...(assigneeIdx === undefined ? { assigneeMissing: true } : {}),
      projectId: ticket.projectId,
      ...(user.systemRoleId !== null ? { systemRoleId: user.systemRoleId } : {}),
      ...(roleIdx >= 0 ? { projectRoleId: s.projectRoles[roleIdx].id } : {}),
    });
    return code !== 'NAMES_HIDDEN' && assigneeIdx !== undefined ? s.users[assigneeIdx].name : null;
  };

  // globalAdmin sees every ticket, its asset and names.
  const sysIdx = user.systemRoleId === null ? undefined : fleet.systemRoleIndex.get(user.systemRoleId);
  if (sysIdx !== undefined && fleet.systemRoles[sysIdx].id === 'globalAdmin') {
    steps.push({ code: 'SYSTEM_FULL_ACCESS', ok: true, userId, systemRoleId: 'globalAdmin' });
    if (assetIdx === undefined)
      steps.push({ code: 'NO_ASSET', ok: true, ...assetStepBase, ...(ticket.assetId !== null ? { assetMissing: true } : {}) });
    else steps.push({ code: 'ASSET_VISIBLE', ok: true, ...assetStepBase });
    const assigneeName = namesStep();
    return done('visible', assetIdx === undefined ? null : assetNameAt(fleet, assetIdx), assigneeName);
  }

  // Project role in the ticket's project (its id as given, SPEC §7), and its Tickets switch.
  const projectIdx = fleet.projectKeyIndex.get(ticket.projectId);
  const memberIdx = projectIdx === undefined ? -1 : membershipRecordOf(fleet, userIdx, projectIdx);
  const roleId = memberIdx >= 0 ? s.memberships[memberIdx].projectRoleId : undefined;
  const roleIdx = roleId === undefined ? undefined : fleet.projectRoleIndex.get(roleId);
  if (roleIdx === undefined) {
    steps.push({
      code: 'NO_PROJECT_ROLE',
      ok: false,
      userId,
      ticketId,
      projectId: ticket.projectId,
      ...(roleId !== undefined ? { danglingProjectRoleId: roleId } : {}),
    });
    return done('hidden', null, null);
  }
  const projectRoleId = s.projectRoles[roleIdx].id;
  steps.push({ code: 'PROJECT_ROLE', ok: true, userId, ticketId, projectId: ticket.projectId, projectRoleId });
  if (!roleAt(fleet, roleIdx).ticketsOn) {
    steps.push({ code: 'TICKETS_OFF', ok: false, projectId: ticket.projectId, projectRoleId });
    return done('hidden', null, null);
  }
  steps.push({ code: 'TICKETS_ON', ok: true, projectId: ticket.projectId, projectRoleId });

  if (ticket.assetId === null) {
    steps.push({ code: 'NO_ASSET', ok: true, ticketId });
    return done('visible', null, namesStep());
  }
  if (assetIdx === undefined) {
    // An asset the snapshot does not hold cannot be shown to be readable: keep the ticket hidden (lint reports it).
    steps.push({ code: 'ASSET_HIDDEN', ok: false, ...assetStepBase, assetMissing: true });
    return done('hidden', null, null);
  }

  // The asset's R3 steps 3–6 (the user is active and not globalAdmin, so step 1 is the USER_ACTIVE above).
  const r3 = accessSteps(fleet, userIdx, assetIdx)
    .steps.slice(1)
    .filter((st) => !WRITE_STEP_CODES.has(st.code));
  for (const st of r3) steps.push({ ...st, assetId: ticket.assetId });
  const failed = r3.find((st) => !st.ok);
  if (!failed) {
    steps.push({ code: 'ASSET_VISIBLE', ok: true, ...assetStepBase });
    return done('visible', assetNameAt(fleet, assetIdx), namesStep());
  }
  if (LIFTED_BY_EXPERT_MODE.has(failed.code)) {
    // failing at step 5/6 means step 4 passed: the user has a role in the asset's project
    const assetRoleIdx = fleet.projectRoleIndex.get(failed.projectRoleId!)!;
    if (roleAt(fleet, assetRoleIdx).expertMode) {
      steps.push({
        code: 'EXPERT_MODE',
        ok: true,
        ...assetStepBase,
        projectId: fleet.projectKeyIds[fleet.assetProject[assetIdx]],
        projectRoleId: failed.projectRoleId,
      });
      return done('redacted', null, namesStep());
    }
  }
  steps.push({
    code: 'ASSET_HIDDEN',
    ok: false,
    ...assetStepBase,
    hiddenBy: failed.code as AccessCode,
    ...(failed.projectRoleId ? { projectRoleId: failed.projectRoleId } : {}),
  });
  return done('hidden', null, null);
}

/** The ticket decision by ids, as data (core/wording words its steps). Throws UnknownIdError. */
export function explainTicket(fleet: Fleet, userId: string, ticketId: string): TicketDecision {
  return ticketSteps(fleet, userIdxOf(fleet, userId), ticketIdxOf(fleet, ticketId));
}
