// R8: self-registrants waiting for a Quote Manager (an active `internalAdminCC` user) to verify them, which means
// giving them a role under R6.
//
// Decisions: a registrant is a user with status `pendingVerification` and no system role (a pending user who
// already has a role is not waiting for one). `createdAt` is compared as an instant, not as text, since the
// snapshot allows any UTC offset. A record that loses to an earlier one with its id is ignored.
import { instantOf } from '../model/snapshot';
import { type Fleet, systemRoleOf, userIdxOf, userOrgScopeContains } from './fleet';
import { type AssignTarget, canAssign, catalogInForce } from './roles';
import { userAt } from './compiled-items';

export const VERIFIER_ROLE_ID = 'internalAdminCC';

export interface PendingRegistrant {
  userId: string;
  organizationId: string;
  suggestedRoleId: string | null;
  allowedRoleIds: string[];
}

export interface VerifyQueue {
  userId: string;
  pending: PendingRegistrant[];
}

export function isRegistrant(fleet: Fleet, userIdx: number): boolean {
  const u = fleet.snapshot.users[userIdx];
  return u.status === 'pendingVerification' && u.systemRoleId === null && fleet.userDuplicate[userIdx] === 0;
}

/** The user can verify registrants at all: active, with the Quote Manager role. */
export function isVerifier(fleet: Fleet, userIdx: number): boolean {
  return userAt(fleet, userIdx).active && fleet.userDuplicate[userIdx] === 0 && systemRoleOf(fleet, userIdx)?.id === VERIFIER_ROLE_ID;
}

/** Every verifier of the fleet, in snapshot order. */
export function allVerifiers(fleet: Fleet): number[] {
  const out: number[] = [];
  for (let v = 0; v < fleet.users.length; v++) if (isVerifier(fleet, v)) out.push(v);
  return out;
}

/**
 * Users who may verify this registrant: verifiers whose organization scope holds the registrant's organization.
 * `candidates` lets a caller asking about many registrants find the verifiers once.
 */
export function verifiersOf(fleet: Fleet, registrantIdx: number, candidates: readonly number[] = allVerifiers(fleet)): number[] {
  const orgIdx = userAt(fleet, registrantIdx).orgIdx;
  return candidates.filter((v) => userOrgScopeContains(fleet, v, orgIdx));
}

/** Roles `verifierIdx` may give the registrant, in catalog order. */
export function rolesForRegistrant(fleet: Fleet, verifierIdx: number, registrantIdx: number): string[] {
  const target: AssignTarget = {
    orgIdx: userAt(fleet, registrantIdx).orgIdx,
    currentRoleId: null,
    orgId: fleet.snapshot.users[registrantIdx].organizationId,
  };
  return catalogInForce(fleet)
    .filter((r) => canAssign(fleet, verifierIdx, r.id, target).allowed)
    .map((r) => r.id);
}

/** For lint: who could verify the registrant, and whether any of them may give it some role. */
export function registrantVerifiability(
  fleet: Fleet,
  registrantIdx: number,
  candidates: readonly number[] = allVerifiers(fleet),
): { verifiers: number[]; anyCanAssign: boolean } {
  const verifiers = verifiersOf(fleet, registrantIdx, candidates);
  return { verifiers, anyCanAssign: verifiers.some((v) => rolesForRegistrant(fleet, v, registrantIdx).length > 0) };
}

/**
 * The suggestion: the requested role if it may be given, else the allowed role with the fewest permissions
 * (ties: catalog order). Every allowed role is already meant for the registrant's organization type (R6).
 */
export function suggestRole(fleet: Fleet, allowedRoleIds: readonly string[], requestedRoleId: string | undefined): string | null {
  if (requestedRoleId !== undefined && allowedRoleIds.includes(requestedRoleId)) return requestedRoleId;
  let best: { id: string; n: number } | null = null;
  for (const id of allowedRoleIds) {
    const n = new Set(fleet.systemRoles[fleet.systemRoleIndex.get(id)!].permissions).size;
    if (best === null || n < best.n) best = { id, n };
  }
  return best?.id ?? null;
}

export function verifyQueue(fleet: Fleet, userId: string): VerifyQueue {
  const verifierIdx = userIdxOf(fleet, userId);
  if (!isVerifier(fleet, verifierIdx)) return { userId, pending: [] };
  const waiting: { idx: number; at: number }[] = [];
  for (let r = 0; r < fleet.users.length; r++) {
    if (!isRegistrant(fleet, r) || !userOrgScopeContains(fleet, verifierIdx, fleet.users[r].orgIdx)) continue;
    const createdAt = fleet.snapshot.users[r].createdAt;
    const at = createdAt === undefined ? Number.NaN : instantOf(createdAt);
    waiting.push({ idx: r, at: Number.isNaN(at) ? Number.POSITIVE_INFINITY : at });
  }
  const users = fleet.snapshot.users;
  waiting.sort(
    (a, b) =>
      (a.at === b.at ? 0 : a.at < b.at ? -1 : 1) || (users[a.idx].id < users[b.idx].id ? -1 : users[a.idx].id > users[b.idx].id ? 1 : 0),
  );
  return {
    userId,
    pending: waiting.map(({ idx }) => {
      const allowedRoleIds = rolesForRegistrant(fleet, verifierIdx, idx);
      return {
        userId: users[idx].id,
        organizationId: users[idx].organizationId,
        suggestedRoleId: suggestRole(fleet, allowedRoleIds, users[idx].requestedRoleId),
        allowedRoleIds,
      };
    }),
  };
}
