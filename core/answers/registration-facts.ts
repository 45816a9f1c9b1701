// R8 from the registrant's side: since when they wait, the role they asked for and who may verify them. Null when
// the user is not a registrant waiting for verification (or not in the cache).
import { names, type Fleet } from '../engine';
import { isRegistrant, verifiersOf } from '../engine/verify-queue';
import type { Registration } from '../source/data-source';

export function registrationFacts(fleet: Fleet, userId: string): Registration | null {
  const u = fleet.userIndex.get(userId);
  if (u === undefined || !isRegistrant(fleet, u)) return null;
  const user = fleet.snapshot.users[u];
  const requested = user.requestedRoleId ?? null;
  return {
    userId: user.id,
    createdAt: user.createdAt ?? null,
    requestedRoleId: requested,
    requestedRoleName: requested === null ? null : names.systemRole(fleet, requested),
    verifiers: verifiersOf(fleet, u).map((v) => {
      const s = fleet.snapshot.users[v];
      return { id: s.id, name: s.name, email: s.email };
    }),
  };
}
