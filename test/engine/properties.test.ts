// Properties of the engine over random small snapshots (see arbitraries.ts). numRuns stays modest here; CI-scale
// runs are a separate concern.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyFlip,
  assetCodes,
  assetEffect,
  compileFleet,
  diagnosticsVisible,
  diffAccess,
  explainAsset,
  explainTicket,
  organizationChain,
  userOrgScopeContains,
  visibleAssets,
  whoCanSee,
  type Effect,
  type Fleet,
} from '../../core/engine';
import { FEATURE_GROUP_IDS } from '../../core/model/catalog';
import type { ProjectRole, Snapshot } from '../../core/model/snapshot';
import { secretAssetName, snapshotArb, TAG_POOL } from './arbitraries';

const RUNS = { numRuns: 200 };
const rank: Record<string, number> = { hidden: 0, read: 1, full: 2, redacted: 1, visible: 2 };

function* pairs(f: Fleet) {
  for (let u = 0; u < f.snapshot.users.length; u++)
    for (let a = 0; a < f.snapshot.assets.length; a++) yield { u, a, userId: f.snapshot.users[u].id, assetId: f.snapshot.assets[a].id };
}
const effects = (f: Fleet) => [...pairs(f)].map(({ u, a }) => assetEffect(f, u, a).effect);
const ticketEffects = (f: Fleet) => f.snapshot.users.flatMap((u) => f.snapshot.tickets.map((t) => explainTicket(f, u.id, t.id).effect));
const editRole = (s: Snapshot, i: number, edit: (r: ProjectRole) => ProjectRole): Snapshot => ({
  ...s,
  projectRoles: s.projectRoles.map((r, k) => (k === i ? edit(structuredClone(r)) : r)),
});

describe('engine properties', () => {
  it('the fast path equals the explain path (effect, every step code, diagnostics)', () => {
    fc.assert(
      fc.property(snapshotArb(), (s) => {
        const f = compileFleet(s);
        for (const { u, a, userId, assetId } of pairs(f)) {
          const d = explainAsset(f, userId, assetId);
          expect(assetEffect(f, u, a).effect).toBe(d.effect);
          expect(assetCodes(f, u, a)).toEqual(d.steps.map((st) => st.code));
          expect(diagnosticsVisible(f, u, a)).toBe(d.diagnostics);
          // steps stop at the first failure, except the write step, which lowers to read
          const firstFail = d.steps.findIndex((st) => !st.ok);
          if (firstFail >= 0) expect(firstFail).toBe(d.steps.length - 1);
        }
      }),
      RUNS,
    );
  });

  it('the organizations scope (R6–R8) from intervals equals following parentId links by id (loops, unknown ids)', () => {
    fc.assert(
      fc.property(snapshotArb(), (s) => {
        const f = compileFleet(s);
        for (let u = 0; u < s.users.length; u++) {
          const user = s.users[u];
          const orgIdx = f.orgIndex.get(user.organizationId);
          const type = orgIdx === undefined ? null : s.organizations[orgIdx].type;
          const whole = type === 'global' || type === 'productCompany';
          for (const [orgId, key] of f.orgKeyIndex) {
            const under = organizationChain(f, orgId);
            const expected =
              (whole || under.has(user.organizationId)) &&
              (user.scope?.organizationIds === undefined || user.scope.organizationIds.some((id) => under.has(id)));
            expect([user.id, orgId, userOrgScopeContains(f, u, key)]).toEqual([user.id, orgId, expected]);
          }
        }
      }),
      RUNS,
    );
  });

  it('write never exists without read: a full effect always passed a read step', () => {
    fc.assert(
      fc.property(snapshotArb(), (s) => {
        const f = compileFleet(s);
        for (const { userId, assetId } of pairs(f)) {
          const d = explainAsset(f, userId, assetId);
          if (d.effect !== 'full') continue;
          const c = d.steps.map((st) => st.code);
          const viaAdmin = c.includes('SYSTEM_FULL_ACCESS');
          const viaRole =
            c.includes('ASSETS_READ') && c.some((x) => x === 'NO_TAG_RESTRICTION' || x === 'TAG_READ' || x === 'UNTAGGED_FULL_ACCESS');
          expect(viaAdmin || viaRole).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("a redacted ticket's decision never contains the asset's name; a hidden one never names it either", () => {
    fc.assert(
      fc.property(snapshotArb(), (s) => {
        const f = compileFleet(s);
        for (const user of s.users)
          for (const t of s.tickets) {
            const d = explainTicket(f, user.id, t.id);
            const json = JSON.stringify(d);
            if (d.effect !== 'visible') for (let i = 0; i < s.assets.length; i++) expect(json).not.toContain(secretAssetName(i));
            if (d.effect === 'redacted') expect(d.assetName).toBeNull();
          }
      }),
      RUNS,
    );
  });

  it('granting read on a tag to a tag-restricted role never lowers any effect (assets and tickets)', () => {
    fc.assert(
      fc.property(snapshotArb(), fc.nat(), fc.constantFrom(...TAG_POOL), (s, ri, tag) => {
        const i = ri % s.projectRoles.length;
        fc.pre(s.projectRoles[i].tags.length > 0);
        const granted = editRole(s, i, (r) => {
          const e = r.tags.find((t) => t.tag === tag);
          if (e) e.read = true;
          else r.tags.push({ tag, read: true, write: false });
          return r;
        });
        const [f0, f1] = [compileFleet(s), compileFleet(granted)];
        effects(f0).forEach((e, k) => expect(rank[effects(f1)[k]]).toBeGreaterThanOrEqual(rank[e]));
        ticketEffects(f0).forEach((e, k) => expect(rank[ticketEffects(f1)[k]]).toBeGreaterThanOrEqual(rank[e]));
      }),
      RUNS,
    );
  });

  it('turning a switch off never raises any effect (assets and tickets)', () => {
    fc.assert(
      fc.property(snapshotArb(), fc.nat(), fc.constantFrom(...FEATURE_GROUP_IDS, 'fullAccessUntagged', 'expertMode'), (s, ri, which) => {
        const i = ri % s.projectRoles.length;
        const off = editRole(s, i, (r) => {
          if (which === 'fullAccessUntagged') r.fullAccessUntagged = false;
          else if (which === 'expertMode') r.expertMode = false;
          else if (r.features[which]) r.features[which].enabled = false;
          return r;
        });
        const [f0, f1] = [compileFleet(s), compileFleet(off)];
        const [e0, e1] = [effects(f0), effects(f1)];
        e0.forEach((e, k) => expect(rank[e1[k]]).toBeLessThanOrEqual(rank[e]));
        const [t0, t1] = [ticketEffects(f0), ticketEffects(f1)];
        t0.forEach((e, k) => expect(rank[t1[k]]).toBeLessThanOrEqual(rank[e]));
      }),
      RUNS,
    );
  });

  it('every flip offered really raises the effect it promises (applied to a copy, recompiled) and is minimal', () => {
    fc.assert(
      fc.property(snapshotArb(), (s) => {
        const f = compileFleet(s);
        for (const { userId, assetId } of pairs(f)) {
          const d = explainAsset(f, userId, assetId);
          if (d.effect === 'full') expect(d.flips).toEqual([]);
          for (const flip of d.flips) {
            const g = compileFleet(applyFlip(s, flip));
            const after = assetEffect(g, g.userIndex.get(userId)!, g.assetIndex.get(assetId)!).effect;
            expect(after).toBe(flip.effect);
            expect(rank[after]).toBeGreaterThan(rank[d.effect]);
            expect(['user', 'userScope', 'membership', 'projectRole']).toContain(flip.edit.object);
          }
          for (const a of d.flips)
            for (const b of d.flips)
              if (a !== b) expect(b.toggles.length > a.toggles.length && a.toggles.every((t) => b.toggles.includes(t))).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('flips are complete: every raising edit of the role of up to three toggles contains an offered flip', () => {
    type RoleEdit = Parameters<typeof applyFlip>[1]['edit'] & { object: 'projectRole' };
    fc.assert(
      fc.property(snapshotArb({ maxUsers: 2, maxAssets: 3 }), (s) => {
        const f = compileFleet(s);
        for (const { u, a, userId, assetId } of pairs(f)) {
          const d = explainAsset(f, userId, assetId);
          const roleStep = d.steps.find((st) => st.code === 'PROJECT_ROLE');
          if (d.effect === 'full' || !roleStep || d.steps.at(-1)!.code === 'PROJECT_ROLE') continue;
          const tags = [...new Set(s.assets[a].tags)];
          const atoms = ['G', 'FR', 'FW', 'U', ...tags.flatMap((t) => [`TR:${t}`, `TW:${t}`])];
          const subsets: string[][] = [];
          for (let i = 0; i < atoms.length; i++) {
            subsets.push([atoms[i]]);
            for (let j = i + 1; j < atoms.length; j++) {
              subsets.push([atoms[i], atoms[j]]);
              for (let k = j + 1; k < atoms.length; k++) subsets.push([atoms[i], atoms[j], atoms[k]]);
            }
          }
          const before = rank[d.effect];
          for (const sub of subsets) {
            const edit: RoleEdit = {
              object: 'projectRole',
              projectRoleId: roleStep.projectRoleId!,
              assetsEnabled: sub.includes('G'),
              assetsRead: sub.includes('FR'),
              assetsWrite: sub.includes('FW'),
              fullAccessUntagged: sub.includes('U'),
              tagRead: sub.filter((x) => x.startsWith('TR:')).map((x) => x.slice(3)),
              tagWrite: sub.filter((x) => x.startsWith('TW:')).map((x) => x.slice(3)),
            };
            // a tag toggle on a role without tag entries would start restricting it: not a grant
            if (
              s.projectRoles[f.projectRoleIndex.get(roleStep.projectRoleId!)!].tags.length === 0 &&
              (edit.tagRead.length || edit.tagWrite.length)
            )
              continue;
            const g = compileFleet(applyFlip(s, { edit }));
            if (rank[assetEffect(g, u, a).effect] <= before) continue;
            const toggles = new Set([
              ...(edit.assetsEnabled ? ['assets.enabled'] : []),
              ...(edit.assetsRead || edit.assetsWrite ? ['assets.assets.read'] : []),
              ...(edit.assetsWrite ? ['assets.assets.write'] : []),
              ...(edit.fullAccessUntagged ? ['fullAccessUntagged'] : []),
              ...[...edit.tagRead, ...edit.tagWrite].map((t) => `tags[${t}].read`),
              ...edit.tagWrite.map((t) => `tags[${t}].write`),
            ]);
            const covered = d.flips.some((fl) => fl.edit.object === 'projectRole' && fl.toggles.every((t) => toggles.has(t)));
            expect(covered, `${userId}/${assetId}: raising edit ${sub.join('+')} covers no flip`).toBe(true);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('visibleAssets and whoCanSee agree with assetEffect', () => {
    fc.assert(
      fc.property(snapshotArb(), (s) => {
        const f = compileFleet(s);
        const expected = new Map<string, Effect>();
        for (const { u, a, userId, assetId } of pairs(f)) expected.set(`${userId}|${assetId}`, assetEffect(f, u, a).effect);
        for (const user of s.users) {
          const all = visibleAssets(f, user.id, { all: true }).assets;
          expect(all.map((x) => x.assetId)).toEqual(s.assets.map((x) => x.id));
          for (const x of all) expect(x.effect).toBe(expected.get(`${user.id}|${x.assetId}`));
          expect(visibleAssets(f, user.id).assets).toEqual(all.filter((x) => x.effect !== 'hidden'));
        }
        for (const asset of s.assets) {
          const all = whoCanSee(f, asset.id, { all: true }).users;
          expect(all.map((x) => x.userId)).toEqual(s.users.map((x) => x.id));
          for (const x of all) expect(x.effect).toBe(expected.get(`${x.userId}|${asset.id}`));
          expect(whoCanSee(f, asset.id).users).toEqual(all.filter((x) => x.effect !== 'hidden'));
        }
      }),
      RUNS,
    );
  });

  it('diff --as-role in a project matches re-evaluating a snapshot where the user holds that role there', () => {
    fc.assert(
      fc.property(snapshotArb(), fc.nat(), fc.nat(), fc.nat(), (s, ui, ri, pi) => {
        const f = compileFleet(s);
        const userId = s.users[ui % s.users.length].id;
        const roleId = s.projectRoles[ri % s.projectRoles.length].id;
        const projectId = s.projects[pi % s.projects.length].id;
        const d = diffAccess(f, userId, { asProjectRoleId: roleId, projectId });
        const edited = compileFleet(applyFlip(s, { edit: { object: 'membership', userId, projectId, projectRoleId: roleId } }));
        const u = f.userIndex.get(userId)!;
        const expected = s.assets
          .map((x, a) => ({ assetId: x.id, before: assetEffect(f, u, a).effect, after: assetEffect(edited, u, a).effect }))
          .filter((c) => c.before !== c.after);
        expect(d.changes).toEqual(expected);
      }),
      RUNS,
    );
  });
});
