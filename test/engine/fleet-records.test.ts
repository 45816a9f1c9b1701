import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileFleet, type Fleet } from '../../core/engine';
import { patchFleet, replaySnapshot, type FleetChange } from '../../core/engine/fleet-patch';
import { fleetFromImage, fleetToImage } from '../../core/engine/fleet-image';
import { fleetRecords } from '../../core/engine/fleet-records';
import { generateFleet } from '../../core/generate/fleet';
import { recordKey } from '../../core/api/contract';
import { COLLECTION_NAMES, type CollectionName } from '../../core/model/collections';
import type { Snapshot } from '../../core/model/snapshot';
import { viaBytes } from './image-bytes';

const keyOf = (c: CollectionName, r: unknown) => recordKey(c, r as { id?: string });
const recordsOf = (s: Snapshot, c: CollectionName) => (s[c] ?? []) as Record<string, unknown>[];

/** A changed copy of `r`, or a new record when `fresh` (a key the collection does not hold yet). */
function edited(c: CollectionName, r: Record<string, unknown>, n: number, fresh: boolean): Record<string, unknown> {
  const out = structuredClone(r);
  if (c === 'memberships') {
    if (fresh) out.projectId = `${String(r.projectId)}-new-${n}`;
    else out.projectRoleId = `${String(r.projectRoleId)}-x${n}`;
    return out;
  }
  if (fresh) out.id = `${String(r.id)}-new-${n}`;
  if (typeof out.name === 'string') out.name = `${out.name} v${n}`;
  if (c === 'assets') out.tags = [...(r.tags as string[]), `tag-${n}`, `tag-${n}`];
  return out;
}

/** Random changes of every collection drawn from `s`'s own records: edits, new keys, deletes. */
function changesArb(s: Snapshot): fc.Arbitrary<FleetChange[]> {
  const collections = COLLECTION_NAMES.filter((c) => recordsOf(s, c).length > 0);
  const change = fc.constantFrom(...collections).chain((collection) => {
    const records = recordsOf(s, collection);
    const put = fc
      .tuple(fc.nat(records.length - 1), fc.nat(1000), fc.boolean())
      .map(([i, n, fresh]) => edited(collection, records[i], n, fresh));
    const del = fc.nat(records.length - 1).map((i) => keyOf(collection, records[i]));
    return fc.record({
      collection: fc.constant(collection),
      puts: fc.array(put, { maxLength: 4 }),
      deletes: fc.uniqueArray(del, { maxLength: 3 }),
    });
  });
  return fc.array(change, { maxLength: 6 });
}

/** Every key asked of every collection: held ones (some), deleted or never-held ones, odd composite keys. */
function probeKeys(before: Snapshot, after: Snapshot, c: CollectionName, pick: number): string[] {
  const held = [...recordsOf(before, c), ...recordsOf(after, c)].map((r) => keyOf(c, r));
  const some = held.filter((_, i) => (i * 7 + pick) % 3 === 0);
  return [...some, 'no-such-key', '|', 'a|b|c', held[0] ? `${held[0]}|x` : 'x'];
}

function expected(s: Snapshot, c: CollectionName, keys: readonly string[]): Map<string, unknown> {
  const byKey = new Map(recordsOf(s, c).map((r) => [keyOf(c, r), r] as const));
  const out = new Map<string, unknown>();
  for (const k of keys) if (byKey.has(k)) out.set(k, byKey.get(k));
  return out;
}

describe('fleetRecords', () => {
  it('gives the records a generated, loaded or patched fleet holds under any keys, as the replayed snapshot holds them', () => {
    let answered = 0;
    let asked = 0;
    const unanswered: CollectionName[] = [];
    const caseArb = fc
      .record({ seed: fc.nat(1000), assets: fc.integer({ min: 0, max: 80 }), loaded: fc.boolean(), pick: fc.nat(2) })
      .chain((o) => {
        const s = generateFleet({ seed: o.seed, assets: o.assets, users: 40, tickets: 20, projects: 6 });
        return fc.tuple(fc.constant(o), fc.constant(s), changesArb(s), changesArb(s));
      });
    fc.assert(
      fc.property(caseArb, ([o, s, first, second]) => {
        const compiled = compileFleet(s);
        let fleet: Fleet = o.loaded ? fleetFromImage(viaBytes(fleetToImage(compiled))) : compiled;
        let held = s;
        // the fleet as compiled, then patched once and twice (a patched fleet patched again)
        for (const changes of [[], first, second]) {
          fleet = changes.length > 0 ? patchFleet(fleet, changes) : fleet;
          const after = replaySnapshot(held, changes);
          for (const c of COLLECTION_NAMES) {
            const keys = probeKeys(held, after, c, o.pick);
            const got = fleetRecords(fleet, c, keys);
            asked++;
            if (got === null) {
              if (c !== 'memberships') unanswered.push(c);
              continue;
            }
            answered++;
            expect(got, c).toEqual(expected(after, c, keys));
          }
          held = after;
        }
      }),
      { numRuns: 40 },
    );
    // generated data holds each key once: the fleet answers every collection, and memberships unless a deleted
    // user left some behind (then the per-user index does not hold them all)
    expect(unanswered).toEqual([]);
    expect(answered).toBeGreaterThan(asked * 0.9);
  });

  it('hands back copies: changing an answer leaves the fleet as it was', () => {
    const s = generateFleet({ seed: 3, assets: 20 });
    const fleet = compileFleet(s);
    const key = s.users[0].id;
    const got = fleetRecords(fleet, 'users', [key])!.get(key) as { name: string };
    got.name = 'changed';
    expect(fleet.snapshot.users[0].name).toBe(s.users[0].name);
    expect(fleet.snapshot.users[0].name).not.toBe('changed');
  });

  it('does not answer when a key is held twice (the cache keeps the last, look-ups the first)', () => {
    const s = generateFleet({ seed: 4, assets: 20 });
    const twice: Snapshot = { ...s, users: [...s.users, { ...s.users[0], name: 'later' }] };
    expect(fleetRecords(compileFleet(twice), 'users', [s.users[0].id])).toBeNull();
    expect(fleetRecords(compileFleet(s), 'users', [s.users[0].id])?.get(s.users[0].id)).toEqual(s.users[0]);
  });

  it('does not answer for memberships when one names a user the fleet does not know (the per-user index leaves it out)', () => {
    const s = generateFleet({ seed: 5, assets: 20 });
    const ghost = { ...s.memberships[0], userId: 'u-ghost' };
    const f = compileFleet({ ...s, memberships: [...s.memberships, ghost] });
    expect(fleetRecords(f, 'memberships', [recordKey('memberships', ghost)])).toBeNull();
  });
});
