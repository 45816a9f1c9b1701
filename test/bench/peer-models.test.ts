// The benchmark's peer models (bench/peers/) must implement the same R3 asset rules as the engine, or the speed
// comparison means nothing. Checked against the engine's fast path on random small snapshots (which reach dangling
// ids, scope lists, inactive users, tag restrictions and untagged access) and on small generated fleets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EFFECTS, assetPacked, compileFleet, type Fleet } from '../../core/engine';
import { generateFleet } from '../../core/generate/fleet';
import type { Snapshot } from '../../core/model/snapshot';
import { AgreementCheck } from '../../bench/peers/agreement';
import { CaslPeer } from '../../bench/peers/casl';
import { CasbinPeer, rolePolicies } from '../../bench/peers/casbin';
import { CedarPeer } from '../../bench/peers/cedar';
import type { PeerModel } from '../../bench/peers/model';
import { asset, baseSnapshot, member, role, user } from '../engine/fixtures';
import { snapshotArb } from '../engine/arbitraries';

const engineEffects = (f: Fleet) => f.snapshot.users.flatMap((_, u) => f.snapshot.assets.map((__, a) => EFFECTS[assetPacked(f, u, a) & 3]));
const peerEffects = (s: Snapshot, peer: PeerModel) => s.users.flatMap((_, u) => s.assets.map((__, a) => peer.effect(u, a)));

/** Every peer's user lists and every `assetStep`-th asset's who-can-see list, checked against the engine's. */
async function listAgreement(s: Snapshot, f: Fleet, assetStep: number): Promise<AgreementCheck> {
  const check = new AgreementCheck(f);
  const casbin = await CasbinPeer.create(s);
  for (const peer of [new CaslPeer(s), casbin, new CedarPeer(s)]) {
    for (let u = 0; u < s.users.length; u++) {
      // casbin answers a user's list from that user's policy subset, loaded first (and only a few kept).
      if (peer === casbin) await casbin.prepareUser(u);
      check.userList(peer.name, u, peer.visibleAssets(u));
    }
    for (let a = 0; a < s.assets.length; a += assetStep) check.assetList(peer.name, a, peer.whoCanSee(a));
  }
  return check;
}

describe('peer models of R3 (bench/peers)', () => {
  it('CASL, casbin and Cedar decide hidden / read / full like the engine on random small snapshots', async () => {
    await fc.assert(
      fc.asyncProperty(snapshotArb({ maxUsers: 5, maxAssets: 6 }), async (s) => {
        const expected = engineEffects(compileFleet(s));
        expect(peerEffects(s, new CaslPeer(s))).toEqual(expected);
        expect(peerEffects(s, await CasbinPeer.create(s))).toEqual(expected);
        expect(peerEffects(s, new CedarPeer(s))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("their list queries (project index, casbin per-user policy subsets) give the engine's lists on random small snapshots", async () => {
    await fc.assert(
      fc.asyncProperty(snapshotArb({ maxUsers: 5, maxAssets: 6 }), async (s) => {
        const check = await listAgreement(s, compileFleet(s), 1);
        expect(check.first).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('agree with the engine on every pair of small generated fleets, lists included', async () => {
    for (const seed of [3, 4]) {
      const s = generateFleet({ seed, assets: 300 });
      const f = compileFleet(s);
      const check = await listAgreement(s, f, 37);
      expect(check.first).toEqual([]);
      const perPeer = s.users.length * s.assets.length + s.users.length * 9;
      expect(check.results.map((r) => r.pairs)).toEqual([perPeer, perPeer, perPeer]);
      // the fleets are not trivially all-hidden: every effect occurs
      expect(new Set(engineEffects(f))).toEqual(new Set(['hidden', 'read', 'full']));
    }
  });

  it('a read-only tag grant gives read, a tag with write gives full, untagged access follows the switch', async () => {
    const s = baseSnapshot({
      projectRoles: [role('pr-main', { assets: 'rw', tags: { pump: 'r', valve: 'rw' }, fullAccessUntagged: true })],
      users: [user('u-tech')],
      memberships: [member('u-tech', 'pr-main')],
      assets: [
        asset('a-pump', { tags: ['pump'] }),
        asset('a-valve', { tags: ['valve'] }),
        asset('a-bare'),
        asset('a-other', { tags: ['fan'] }),
      ],
    });
    const expected = ['read', 'full', 'full', 'hidden'];
    expect(engineEffects(compileFleet(s))).toEqual(expected);
    expect(peerEffects(s, new CaslPeer(s))).toEqual(expected);
    expect(peerEffects(s, await CasbinPeer.create(s))).toEqual(expected);
    expect(peerEffects(s, new CedarPeer(s))).toEqual(expected);
  });

  it('casbin gets one policy line per role, action and tag grant, none without Assets read', () => {
    expect(rolePolicies(role('pr-a', { assets: 'rw', tags: { pump: 'r', valve: 'rw' }, fullAccessUntagged: true }))).toEqual([
      ['pr-a', 'read', 'tag', 'pump'],
      ['pr-a', 'read', 'tag', 'valve'],
      ['pr-a', 'write', 'tag', 'valve'],
      ['pr-a', 'read', 'untagged', '*'],
      ['pr-a', 'write', 'untagged', '*'],
    ]);
    expect(rolePolicies(role('pr-b', { assets: 'r' }))).toEqual([['pr-b', 'read', 'any', '*']]);
    expect(rolePolicies(role('pr-c', { assets: 'switchOff' }))).toEqual([]);
  });

  it('the agreement check reports a peer that decides differently', () => {
    const s = generateFleet({ seed: 5, assets: 200 });
    const f = compileFleet(s);
    const check = new AgreementCheck(f, 3);
    check.pairs(
      'always-hidden',
      s.users.flatMap((_, u) => s.assets.map((__, a) => [u, a] as const)),
      () => 'hidden',
    );
    const visiblePairs = engineEffects(f).filter((e) => e !== 'hidden').length;
    expect(visiblePairs).toBeGreaterThan(0);
    expect(check.ok).toBe(false);
    expect(check.results[0].disagreements).toBe(visiblePairs);
    expect(check.first).toHaveLength(3);
    expect(check.first[0].peerSays).toBe('hidden');
  });
});
