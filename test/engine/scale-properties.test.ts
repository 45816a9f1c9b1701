// The engine's key invariants at CI scale: well over 100,000 seeded evaluations in one run. An evaluation is one
// decision checked: a (user, asset) pair, a (user, ticket) pair, or an (assigner, target, role) assignment. The
// random snapshots are larger than properties.test.ts's (up to 10 users × 16 assets), and the seed is fixed so a
// failure replays (ENGINE_SCALE_SEED picks another; ENGINE_SCALE_FACTOR scales every numRuns). The counts are
// printed after the run and checked to reach 100,000.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { assetCodes, assetEffect, compileFleet, diagnosticsVisible, explainAsset, explainTicket, type Fleet } from '../../core/engine';
import { hasPermission, systemRoleOf } from '../../core/engine/fleet';
import { assignableRoles } from '../../core/engine/roles';
import { FEATURE_GROUP_IDS } from '../../core/model/catalog';
import type { ProjectRole, Snapshot } from '../../core/model/snapshot';
import { secretAssetName, snapshotArb, TAG_POOL } from './arbitraries';
import { roleWorldArb } from './roles-arbitraries';

const SEED = Number(process.env.ENGINE_SCALE_SEED ?? 20261122);
const FACTOR = Number(process.env.ENGINE_SCALE_FACTOR ?? 1);
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * FACTOR)), seed: SEED });
const MIN_EVALUATIONS = 100_000;

const big = snapshotArb({ maxUsers: 10, maxAssets: 16 });
const rank: Record<string, number> = { hidden: 0, read: 1, full: 2, redacted: 1, visible: 2 };
const counted: Record<string, { cases: number; evaluations: number }> = {};
const started = performance.now();

function count(property: string, evaluations: number): void {
  const c = (counted[property] ??= { cases: 0, evaluations: 0 });
  c.cases++;
  c.evaluations += evaluations;
}

const total = () => Object.values(counted).reduce((n, c) => n + c.evaluations, 0);

afterAll(() => {
  const lines = Object.entries(counted).map(([p, c]) => `  ${p}: ${c.evaluations} evaluations over ${c.cases} cases`);
  console.log(
    [
      `engine scale properties (seed ${SEED}): ${total()} evaluations in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      ...lines,
    ].join('\n'),
  );
});

const effectsOf = (f: Fleet) => {
  const out: string[] = [];
  for (let u = 0; u < f.snapshot.users.length; u++)
    for (let a = 0; a < f.snapshot.assets.length; a++) out.push(assetEffect(f, u, a).effect);
  return out;
};
const ticketEffectsOf = (f: Fleet) => f.snapshot.users.flatMap((u) => f.snapshot.tickets.map((t) => explainTicket(f, u.id, t.id).effect));
const editRole = (s: Snapshot, i: number, edit: (r: ProjectRole) => ProjectRole): Snapshot => ({
  ...s,
  projectRoles: s.projectRoles.map((r, k) => (k === i ? edit(structuredClone(r)) : r)),
});

describe('engine invariants at scale', () => {
  it('the fast path equals explain, and a full effect always passed a read step ((user, asset) evaluations)', () => {
    fc.assert(
      fc.property(big, (s) => {
        const f = compileFleet(s);
        s.users.forEach((user, u) =>
          s.assets.forEach((asset, a) => {
            const d = explainAsset(f, user.id, asset.id);
            expect(assetEffect(f, u, a).effect).toBe(d.effect);
            expect(assetCodes(f, u, a)).toEqual(d.steps.map((st) => st.code));
            expect(diagnosticsVisible(f, u, a)).toBe(d.diagnostics);
            if (d.effect === 'full') {
              const c = d.steps.map((st) => st.code);
              const viaRole =
                c.includes('ASSETS_READ') && c.some((x) => x === 'NO_TAG_RESTRICTION' || x === 'TAG_READ' || x === 'UNTAGGED_FULL_ACCESS');
              expect(c.includes('SYSTEM_FULL_ACCESS') || viaRole).toBe(true);
            }
          }),
        );
        count('fast path = explain, write ⇒ read', s.users.length * s.assets.length);
      }),
      runs(1500),
    );
  });

  it('a redacted or hidden ticket never carries an asset name ((user, ticket) evaluations)', () => {
    fc.assert(
      fc.property(big, (s) => {
        const f = compileFleet(s);
        for (const user of s.users)
          for (const t of s.tickets) {
            const d = explainTicket(f, user.id, t.id);
            if (d.effect !== 'visible') {
              const json = JSON.stringify(d);
              for (let i = 0; i < s.assets.length; i++) expect(json).not.toContain(secretAssetName(i));
            }
            if (d.effect === 'redacted') expect(d.assetName).toBeNull();
          }
        count('redaction never leaks', s.users.length * s.tickets.length);
      }),
      runs(2000),
    );
  });

  it("granting read on a tag never lowers an effect (both snapshots' (user, asset) and (user, ticket) evaluations)", () => {
    fc.assert(
      fc.property(big, fc.nat(), fc.constantFrom(...TAG_POOL), (s, ri, tag) => {
        const i = ri % s.projectRoles.length;
        fc.pre(s.projectRoles[i].tags.length > 0);
        const granted = editRole(s, i, (r) => {
          const e = r.tags.find((t) => t.tag === tag);
          if (e) e.read = true;
          else r.tags.push({ tag, read: true, write: false });
          return r;
        });
        const [f0, f1] = [compileFleet(s), compileFleet(granted)];
        const [e0, e1] = [effectsOf(f0), effectsOf(f1)];
        e0.forEach((e, k) => expect(rank[e1[k]]).toBeGreaterThanOrEqual(rank[e]));
        const [t0, t1] = [ticketEffectsOf(f0), ticketEffectsOf(f1)];
        t0.forEach((e, k) => expect(rank[t1[k]]).toBeGreaterThanOrEqual(rank[e]));
        count('tag read grant never lowers', 2 * (e0.length + t0.length));
      }),
      runs(1200),
    );
  });

  it("turning a switch off never raises an effect (both snapshots' (user, asset) and (user, ticket) evaluations)", () => {
    fc.assert(
      fc.property(big, fc.nat(), fc.constantFrom(...FEATURE_GROUP_IDS, 'fullAccessUntagged', 'expertMode'), (s, ri, which) => {
        const i = ri % s.projectRoles.length;
        const off = editRole(s, i, (r) => {
          if (which === 'fullAccessUntagged') r.fullAccessUntagged = false;
          else if (which === 'expertMode') r.expertMode = false;
          else if (Object.prototype.hasOwnProperty.call(r.features, which)) r.features[which].enabled = false;
          return r;
        });
        const [f0, f1] = [compileFleet(s), compileFleet(off)];
        const [e0, e1] = [effectsOf(f0), effectsOf(f1)];
        e0.forEach((e, k) => expect(rank[e1[k]]).toBeLessThanOrEqual(rank[e]));
        const [t0, t1] = [ticketEffectsOf(f0), ticketEffectsOf(f1)];
        t0.forEach((e, k) => expect(rank[t1[k]]).toBeLessThanOrEqual(rank[e]));
        count('switch off never raises', 2 * (e0.length + t0.length));
      }),
      runs(1200),
    );
  });

  it("no assignment is ever allowed at or above the assigner's level ((assigner, target, role) evaluations)", () => {
    const levelOf = (w: { fleet: Fleet }, id: string) => w.fleet.systemRoles.find((r) => r.id === id)!.level;
    fc.assert(
      fc.property(roleWorldArb, (w) => {
        const users = w.snapshot.users;
        let n = 0;
        for (let u = 0; u < users.length; u++) {
          const own = systemRoleOf(w.fleet, u);
          for (const targetId of [null, ...users.map((t) => t.id)]) {
            for (const r of assignableRoles(w.fleet, users[u].id, targetId).roles) {
              n++;
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
        count('no assignment at or above the assigner', n);
      }),
      runs(2000),
    );
  });

  it(`adds up to at least ${MIN_EVALUATIONS} evaluations`, () => {
    expect(total()).toBeGreaterThanOrEqual(MIN_EVALUATIONS);
  });
});
