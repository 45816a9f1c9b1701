// The stored fleet image and its tail (issue 13): the segments written after an image, each a FleetChange, make
// with it the fleet the cache holds now, so the image is not rewritten after every sync. A tail is used only when
// its generation moves chain from the image's stamp to the stored generations; anything else (a segment without
// its move, a compaction over the tail, a reset, a stamp row written before tails were kept) is "not usable", and
// the fleet is read whole: slower, never wrong.
import { withBytes } from '../../core/engine/part-bytes';
import { Dexie } from 'dexie';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordKey } from '../../core/api/contract';
import { emptySyncState, encodePuts, newGeneration, type CacheDb } from '../../core/cache/db';
import {
  fleetImageTailSize,
  readChangesSince,
  readCurrentFleetImage,
  readFleetImageWithTail,
  storeFleetImage,
  TAIL_READ_MAX_SEGMENTS,
  type FleetImageWithTail,
} from '../../core/cache/fleet-image-store';
import { compactCollection } from '../../core/cache/segments';
import { compileFleet, type Fleet } from '../../core/engine';
import { FLEET_IMAGE_FORMAT } from '../../core/engine/fleet-image';
import { fleetFromImageBytes, fleetImageBytes } from '../../core/engine/fleet-image-bytes';
import { patchFleet, type FleetChange } from '../../core/engine/fleet-patch';
import { generateFleet } from '../../core/generate/fleet';
import type { CollectionName } from '../../core/model/collections';
import type { Asset, Snapshot, Ticket, User } from '../../core/model/snapshot';
import { createDirectSource } from '../../core/source/direct-source';
import { resetCollection } from '../../core/sync/sync';
import { freshDb, loadStampedSnapshot, writeChanges } from '../sync/helpers';

const open: Dexie[] = [];
afterEach(() => {
  for (const d of open.splice(0)) d.close();
  vi.restoreAllMocks();
});

const CACHED: readonly CollectionName[] = [
  'organizations',
  'sites',
  'systemRoles',
  'users',
  'projects',
  'projectRoles',
  'memberships',
  'assets',
  'tickets',
];

/** A cache holding `snapshot` (one segment per collection) and the image of its compiled fleet. */
async function cacheWithImage(snapshot: Snapshot): Promise<CacheDb> {
  const made = freshDb();
  open.push(made.db);
  for (const c of CACHED) {
    const records = (snapshot[c] ?? []) as unknown[];
    if (records.length > 0) await writeChanges(made.db, c, records);
  }
  const { snapshot: stored, stamp } = await loadStampedSnapshot(made.db);
  expect(await storeFleetImage(made.db, fleetImageBytes(compileFleet(stored)), stamp)).toBe(true);
  return made.db;
}

/** The fleet image + tail make: the loaded image (its head) with the tail patched in, reading the rest as needed. */
function fleetOf(stored: FleetImageWithTail): Promise<Fleet> {
  const image = fleetFromImageBytes(stored.bytes, stored.later);
  return withBytes(() => (stored.tail.length > 0 ? patchFleet(image, stored.tail) : image));
}

/** What the cache holds (its records) and what a panel is answered from it, for a few users. */
async function answersOf(fleet: Fleet) {
  const snapshot = fleet.snapshot;
  const users = await withBytes(() => snapshot.users.slice(0, 4).map((u) => u.id));
  const out: unknown[] = [await withBytes(() => JSON.parse(JSON.stringify(snapshot)) as unknown)];
  for (const userId of users) {
    const source = createDirectSource({ fleet, signedInUserId: userId });
    out.push(await source.who({ userId }));
    out.push(await source.assetPage({ userId, limit: 1000 }));
    out.push(await source.tickets({ userId, limit: 1000 }));
  }
  return out;
}

async function wholeReadAnswers(db: CacheDb) {
  const { snapshot } = await loadStampedSnapshot(db);
  return answersOf(compileFleet(snapshot));
}

/** One write of the kinds a sync page makes, drawn from the fleet's own records (so the records stay valid). */
type Edit =
  | { kind: 'rename'; collection: 'assets' | 'tickets' | 'users'; pick: number; name: string }
  | { kind: 'delete'; collection: 'assets' | 'tickets' | 'memberships' | 'users'; pick: number }
  | { kind: 'add'; collection: 'assets' | 'tickets'; pick: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant('rename' as const),
    collection: fc.constantFrom('assets' as const, 'tickets' as const, 'users' as const),
    pick: fc.nat(),
    name: fc.string({ maxLength: 8 }),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    collection: fc.constantFrom('assets' as const, 'tickets' as const, 'memberships' as const, 'users' as const),
    pick: fc.nat(),
  }),
  fc.record({ kind: fc.constant('add' as const), collection: fc.constantFrom('assets' as const, 'tickets' as const), pick: fc.nat() }),
);

let added = 0;
/** Applies `edit` to the cache as one segment (one sync page). */
async function applyEdit(db: CacheDb, edit: Edit): Promise<void> {
  const { snapshot } = await loadStampedSnapshot(db);
  const records = (snapshot[edit.collection] ?? []) as unknown[];
  if (records.length === 0) return;
  const record = records[edit.pick % records.length] as Record<string, unknown>;
  if (edit.kind === 'delete') return writeChanges(db, edit.collection, [], [recordKey(edit.collection, record as { id?: unknown })]);
  if (edit.kind === 'add') return writeChanges(db, edit.collection, [{ ...record, id: `new-${++added}` }]);
  const renamed =
    edit.collection === 'tickets' ? { ...(record as Ticket), title: edit.name } : { ...(record as Asset | User), name: edit.name };
  return writeChanges(db, edit.collection, [renamed]);
}

describe('the stored fleet image and its tail', () => {
  it('after any run of writes across collections, answers exactly as compiling the segments does', async () => {
    const base = generateFleet({ seed: 11, assets: 40 });
    await fc.assert(
      fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 8 }), async (edits) => {
        const db = await cacheWithImage(base);
        for (const edit of edits) await applyEdit(db, edit);
        const stored = await readFleetImageWithTail(db, FLEET_IMAGE_FORMAT, undefined, { wholeBelow: 0 });
        expect(stored).not.toBeNull();
        expect(stored!.stamp).toEqual((await loadStampedSnapshot(db)).stamp);
        expect(await answersOf(await fleetOf(stored!))).toEqual(await wholeReadAnswers(db));
      }),
      { numRuns: 25 },
    );
  });

  it('patches the same fleet whether the tail is applied per collection or in the order the writes were made', () => {
    const base = generateFleet({ seed: 12, assets: 30 });
    const fleet = compileFleet(base);
    const asset = (i: number, name: string): Asset => ({ ...base.assets[i], name });
    const interleaved: FleetChange[] = [
      { collection: 'assets', puts: [asset(1, 'A')], deletes: [] },
      { collection: 'memberships', puts: [], deletes: [recordKey('memberships', base.memberships[0])] },
      { collection: 'assets', puts: [asset(1, 'B')], deletes: [base.assets[2].id] },
      { collection: 'users', puts: [{ ...base.users[1], name: 'Renamed' }], deletes: [] },
      { collection: 'tickets', puts: [], deletes: [base.tickets[0].id] },
      { collection: 'memberships', puts: [base.memberships[0]], deletes: [] },
      { collection: 'assets', puts: [{ ...base.assets[2], id: base.assets[2].id }], deletes: [] },
    ];
    const grouped = CACHED.flatMap((c) => interleaved.filter((x) => x.collection === c));
    return Promise.all([answersOf(patchFleet(fleet, interleaved)), answersOf(patchFleet(fleet, grouped))]).then(([a, b]) =>
      expect(b).toEqual(a),
    );
  });

  it('is current with an empty tail right after it is stored, and has a tail of the writes after it', async () => {
    const db = await cacheWithImage(generateFleet({ seed: 13, assets: 20 }));
    expect((await readFleetImageWithTail(db, FLEET_IMAGE_FORMAT))?.tail).toEqual([]);
    expect(await fleetImageTailSize(db, FLEET_IMAGE_FORMAT)).toEqual({ records: 0, segments: 0 });
    const { snapshot } = await loadStampedSnapshot(db);
    await writeChanges(db, 'assets', [{ ...snapshot.assets[0], name: 'One' }]);
    await writeChanges(db, 'assets', [], [snapshot.assets[1].id]);
    await writeChanges(db, 'tickets', [
      { ...snapshot.tickets[0], title: 'T' },
      { ...snapshot.tickets[1], title: 'U' },
    ]);
    expect(await readCurrentFleetImage(db, FLEET_IMAGE_FORMAT)).toBeNull();
    const stored = await readFleetImageWithTail(db, FLEET_IMAGE_FORMAT);
    expect(stored?.tail).toEqual([
      { collection: 'assets', puts: [{ ...snapshot.assets[0], name: 'One' }], deletes: [] },
      { collection: 'assets', puts: [], deletes: [snapshot.assets[1].id] },
      {
        collection: 'tickets',
        puts: [
          { ...snapshot.tickets[0], title: 'T' },
          { ...snapshot.tickets[1], title: 'U' },
        ],
        deletes: [],
      },
    ]);
    expect(await fleetImageTailSize(db, FLEET_IMAGE_FORMAT)).toEqual({ records: 4, segments: 2 });
  });

  it('is not usable when a tail segment does not say its generation move (written before moves were kept)', async () => {
    const db = await cacheWithImage(generateFleet({ seed: 14, assets: 20 }));
    const { snapshot } = await loadStampedSnapshot(db);
    await writeChanges(db, 'assets', [{ ...snapshot.assets[0], name: 'Kept move' }]);
    // As older code appended: a segment without from/to, and the generation moved.
    await db.transaction('rw', [db.assets, db.syncState], async () => {
      const state = (await db.syncState.get('assets')) ?? emptySyncState('assets');
      const last = (await db.assets.orderBy(':id').lastKey()) as number;
      await db.assets.add({ id: last + 1, puts: encodePuts([{ ...snapshot.assets[1], name: 'Old writer' }]), deletes: [] });
      await db.syncState.put({ ...state, stored: { ...state.stored, segments: state.stored.segments + 1, generation: newGeneration() } });
    });
    expect(await readFleetImageWithTail(db, FLEET_IMAGE_FORMAT)).toBeNull();
    expect(await fleetImageTailSize(db, FLEET_IMAGE_FORMAT)).toBeNull();
  });

  it('is not read past TAIL_READ_MAX_SEGMENTS segments in a collection (a worker stopped before it folded)', async () => {
    const db = await cacheWithImage(generateFleet({ seed: 22, assets: 20 }));
    const { snapshot } = await loadStampedSnapshot(db);
    for (let i = 0; i < TAIL_READ_MAX_SEGMENTS; i++) await writeChanges(db, 'assets', [{ ...snapshot.assets[0], name: `Name ${i}` }]);
    expect((await readFleetImageWithTail(db, FLEET_IMAGE_FORMAT))?.tail).toHaveLength(TAIL_READ_MAX_SEGMENTS);
    await writeChanges(db, 'assets', [{ ...snapshot.assets[0], name: 'One too many' }]);
    expect(await readFleetImageWithTail(db, FLEET_IMAGE_FORMAT)).toBeNull();
  });

  it('is not usable when a segment after it is missing (the chain has a gap)', async () => {
    const db = await cacheWithImage(generateFleet({ seed: 15, assets: 20 }));
    const { snapshot } = await loadStampedSnapshot(db);
    await writeChanges(db, 'assets', [{ ...snapshot.assets[0], name: 'First' }]);
    await writeChanges(db, 'assets', [{ ...snapshot.assets[0], name: 'Second' }]);
    const first = (await db.assets.orderBy(':id').keys()).at(-2) as number;
    await db.assets.delete(first);
    expect(await readFleetImageWithTail(db, FLEET_IMAGE_FORMAT)).toBeNull();
  });

  it('stays usable through a compaction of a collection it is current for, and is dropped by one over its tail', async () => {
    const db = await cacheWithImage(generateFleet({ seed: 16, assets: 20 }));
    const { snapshot } = await loadStampedSnapshot(db);
    await writeChanges(db, 'assets', [{ ...snapshot.assets[0], name: 'Tail' }]);
    await writeChanges(db, 'tickets', [{ ...snapshot.tickets[0], title: 'Tail too' }]);
    await writeChanges(db, 'tickets', [{ ...snapshot.tickets[1], title: 'And more' }]);
    // users: the image is current for it; a compaction keeps it so and the tail of the others stays.
    await compactCollection(db, 'users');
    const kept = await readFleetImageWithTail(db, FLEET_IMAGE_FORMAT, undefined, { wholeBelow: 0 });
    expect(kept?.tail.map((c) => c.collection)).toEqual(['assets', 'tickets', 'tickets']);
    expect(await answersOf(await fleetOf(kept!))).toEqual(await wholeReadAnswers(db));
    // tickets: the compaction rewrites the segments the tail was made of.
    await compactCollection(db, 'tickets');
    expect(await readFleetImageWithTail(db, FLEET_IMAGE_FORMAT)).toBeNull();
    expect(await fleetImageTailSize(db, FLEET_IMAGE_FORMAT)).toBeNull();
  });

  it('is gone after a reset (410) of a collection', async () => {
    const db = await cacheWithImage(generateFleet({ seed: 17, assets: 20 }));
    const { snapshot } = await loadStampedSnapshot(db);
    await writeChanges(db, 'assets', [{ ...snapshot.assets[0], name: 'Tail' }]);
    await resetCollection(db, 'assets');
    await writeChanges(db, 'assets', [snapshot.assets[0]]);
    expect(await readFleetImageWithTail(db, FLEET_IMAGE_FORMAT)).toBeNull();
  });

  it('upgrade: a stamp row written before tails were kept answers while current, and is not usable with writes after it', async () => {
    const db = await cacheWithImage(generateFleet({ seed: 18, assets: 20 }));
    const row = await db.fleetImage.get('stamp');
    if (row?.id !== 'stamp') throw new Error('no stamp row');
    const { segments: _dropped, ...older } = row;
    await db.fleetImage.put(older);
    const current = await readFleetImageWithTail(db, FLEET_IMAGE_FORMAT);
    expect(current?.tail).toEqual([]);
    const { snapshot } = await loadStampedSnapshot(db);
    await writeChanges(db, 'assets', [{ ...snapshot.assets[0], name: 'After' }]);
    expect(await readFleetImageWithTail(db, FLEET_IMAGE_FORMAT)).toBeNull();
  });

  it('ignores damaged rows (nothing thrown): a non-numeric last segment, a missing image', async () => {
    const db = await cacheWithImage(generateFleet({ seed: 19, assets: 20 }));
    const { snapshot } = await loadStampedSnapshot(db);
    await writeChanges(db, 'assets', [{ ...snapshot.assets[0], name: 'After' }]);
    const row = await db.fleetImage.get('stamp');
    if (row?.id !== 'stamp') throw new Error('no stamp row');
    await db.fleetImage.put({ ...row, segments: { ...row.segments, assets: 'x' as unknown as number } });
    expect(await readFleetImageWithTail(db, FLEET_IMAGE_FORMAT)).toBeNull();
    await db.fleetImage.put(row);
    expect(await readFleetImageWithTail(db, FLEET_IMAGE_FORMAT)).not.toBeNull();
    await db.fleetImage.delete('image');
    expect(await readFleetImageWithTail(db, FLEET_IMAGE_FORMAT)).toBeNull();
  });

  it('reads what was written since a given stamp (a follower’s fleet), and nothing it cannot follow back', async () => {
    const db = await cacheWithImage(generateFleet({ seed: 20, assets: 20 }));
    const { snapshot, stamp } = await loadStampedSnapshot(db);
    expect(await readChangesSince(db, stamp, 16)).toEqual({ changes: [], stamp });
    const renamed = { ...snapshot.assets[0], name: 'Since' };
    await writeChanges(db, 'users', [], [snapshot.users[2].id]);
    await writeChanges(db, 'assets', [renamed]);
    const now = (await loadStampedSnapshot(db)).stamp;
    expect(await readChangesSince(db, stamp, 16)).toEqual({
      changes: [
        { collection: 'users', puts: [], deletes: [snapshot.users[2].id] },
        { collection: 'assets', puts: [renamed], deletes: [] },
      ],
      stamp: now,
    });
    // From a later stamp only the later writes; more than it may read back, or a compaction between: null.
    await writeChanges(db, 'assets', [{ ...renamed, name: 'Again' }]);
    expect((await readChangesSince(db, now, 16))?.changes).toEqual([
      { collection: 'assets', puts: [{ ...renamed, name: 'Again' }], deletes: [] },
    ]);
    expect(await readChangesSince(db, stamp, 1)).toBeNull();
    await compactCollection(db, 'assets');
    expect(await readChangesSince(db, now, 16)).toBeNull();
  });
});
