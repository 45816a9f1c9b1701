import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasPermission, systemRoleOf } from '../../core/engine/fleet';
import { invitation } from '../../core/engine/invite';
import { assignableRoles } from '../../core/engine/roles';
import { verifyQueue } from '../../core/engine/verify-queue';
import { roleWorldArb } from './roles-arbitraries';

const levelOf = (w: { fleet: { systemRoles: { id: string; level: number }[] } }, id: string) =>
  w.fleet.systemRoles.find((r) => r.id === id)!.level;

describe('role rules hold over random catalogs and users', () => {
  it("no assignment is ever allowed to a role at or above the assigner's level", () => {
    fc.assert(
      fc.property(roleWorldArb, (w) => {
        const users = w.snapshot.users;
        for (let u = 0; u < users.length; u++) {
          const own = systemRoleOf(w.fleet, u);
          for (const targetId of [null, ...users.map((t) => t.id)]) {
            for (const r of assignableRoles(w.fleet, users[u].id, targetId).roles) {
              expect(r.allowed).toBe(r.reasons.length === 0);
              if (!r.allowed) continue;
              expect(own).not.toBeNull();
              expect(levelOf(w, r.roleId)).toBeGreaterThan(own!.level);
              expect(users[u].status).toBe('active');
              expect(hasPermission(w.fleet, u, 'manageUsers')).toBe(true);
              const target = targetId === null ? null : users.find((t) => t.id === targetId)!;
              if (target?.systemRoleId) expect(levelOf(w, target.systemRoleId)).toBeGreaterThan(own!.level);
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("an invitation allows a same-level role only as the inviter's own default", () => {
    fc.assert(
      fc.property(roleWorldArb, (w) => {
        for (let u = 0; u < w.snapshot.users.length; u++) {
          const own = systemRoleOf(w.fleet, u);
          for (const org of w.snapshot.organizations) {
            const inv = invitation(w.fleet, w.snapshot.users[u].id, org.id);
            if (inv.defaultRoleId !== null) {
              expect(inv.defaultRoleId).toBe(own!.id);
              expect(inv.allowedRoleIds).toContain(inv.defaultRoleId);
            }
            for (const id of inv.allowedRoleIds) if (id !== inv.defaultRoleId) expect(levelOf(w, id)).toBeGreaterThan(own!.level);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a verification suggestion is always one of the roles the verifier may give', () => {
    fc.assert(
      fc.property(roleWorldArb, (w) => {
        for (const u of w.snapshot.users) {
          for (const p of verifyQueue(w.fleet, u.id).pending) {
            if (p.allowedRoleIds.length === 0) expect(p.suggestedRoleId).toBeNull();
            else expect(p.allowedRoleIds).toContain(p.suggestedRoleId);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
