import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import {
  assetAudience,
  assetRecord,
  assignableRoles,
  catalogInForce,
  compileFleet,
  diffAccess,
  explainAsset,
  explainTicket,
  hasPermission,
  userOrgScopeContains,
  visibleAssets,
  whoCanSee,
  type Fleet,
} from '../../core/engine';
import { PERMISSION_IDS } from '../../core/model/catalog';
import { patchFleet, replaySnapshot, type FleetChange } from '../../core/engine/fleet-patch';
import { fleetFromImage, fleetToImage } from '../../core/engine/fleet-image';
import { viaBytes } from './image-bytes';
import { recordKey } from '../../core/api/contract';
import { toSegments, type Segment } from '../../core/cache/db';
import { replaySegments } from '../../core/cache/segments';
import { encodePuts } from '../../core/cache/db';
import { COLLECTION_NAMES, type CollectionName } from '../../core/model/collections';
import type { Asset, Membership, ProjectRole, Snapshot, Ticket, User } from '../../core/model/snapshot';
import { snapshotArb, TAG_POOL } from './arbitraries';
import { generateFleet } from '../../core/generate/fleet';
import { assetIdAt, assetNameAt } from '../../core/engine/asset-columns';
import { collectionLength, snapshotRecord } from '../../core/engine/lazy-snapshot';
import { readFromCache } from './cache-read';

// compileFleet counted, so a test fails when patchFleet falls back to compiling (it may only for duplicate ids).
vi.mock('../../core/engine/fleet', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../core/engine/fleet')>();
  return { ...real, compileFleet: vi.fn(real.compileFleet) };
});
const compiles = () => vi.mocked(compileFleet).mock.calls.length;

/** patchFleet, failing the test when it compiled the fleet instead of patching it. */
function patched(f: Fleet, changes: readonly FleetChange[]): Fleet {
  const before = compiles();
  const g = patchFleet(f, changes);
  expect(compiles(), 'patchFleet fell back to compileFleet').toBe(before);
  vi.mocked(compileFleet).mockClear();
  return g;
}

/** S' as the cache builds it: the snapshot's records as full segments, each change one more segment, replayed. */
function cacheReplay(s: Snapshot, changes: readonly FleetChange[]): Snapshot {
  const out: Snapshot = { ...s };
  for (const c of COLLECTION_NAMES) {
    const mine = changes.filter((x) => x.collection === c);
    if (mine.length === 0) continue;
    const segments: Segment[] = toSegments(s[c] ?? []);
    for (const x of mine) segments.push({ id: segments.length + 1, puts: encodePuts(x.puts), deletes: [...x.deletes] });
    (out as Record<string, unknown>)[c] = [...replaySegments(c, segments).values()];
  }
  if (out.systemRoles?.length === 0) delete out.systemRoles;
  return out;
}

/** Every answer the contract names, keyed by ids (key numbers are opaque). */
function answers(f: Fleet) {
  const s = f.snapshot;
  const userIds = [...new Set(s.users.map((u) => u.id))];
  const assetIds = s.assets.map((a) => a.id);
  const ticketIds = s.tickets.map((t) => t.id);
  const probeIds = (prefix: string, n: number) => [
    ...Array.from({ length: n + 2 }, (_, i) => `${prefix}-${i}`),
    `${prefix}-new-0`,
    `${prefix}-new-1`,
  ];
  const orgProbes = [...s.organizations.map((o) => o.id), 'org-gone', 'org-new', 'org-new-2', 'org-missing'];
  const userIdx = (u: string) => f.userIndex.get(u)!;
  return {
    snapshot: JSON.parse(JSON.stringify(s)) as unknown,
    orgScope: userIds.map((u) => orgProbes.map((o) => userOrgScopeContains(f, userIdx(u), f.orgKeyIndex.get(o) ?? -1))),
    rights: userIds.map((u) => PERMISSION_IDS.filter((p) => hasPermission(f, userIdx(u), p))),
    catalog: catalogInForce(f).map((r) => r.id),
    assignable: userIds.flatMap((u) => userIds.map((t) => assignableRoles(f, u, t))),
    records: f.assetIds.map((_, i) => assetRecord(f, i)),
    lookups: {
      assets: probeIds('ast', assetIds.length).map((id) => f.assetIndex.get(id) ?? null),
      tickets: probeIds('tkt', ticketIds.length).map((id) => f.ticketIndex.get(id) ?? null),
      users: probeIds('u', userIds.length).map((id) => f.userIndex.get(id) ?? null),
      sizes: [f.assetIndex.size, f.ticketIndex.size],
    },
    explain: userIds.flatMap((u) => assetIds.map((a) => explainAsset(f, u, a))),
    visible: userIds.map((u) => visibleAssets(f, u, { all: true })),
    who: assetIds.map((a) => whoCanSee(f, a, { all: true })),
    audience: assetIds.map((a) => assetAudience(f, a)),
    tickets: userIds.flatMap((u) => ticketIds.map((t) => explainTicket(f, u, t))),
    diff: userIds.map((u) => diffAccess(f, u, { asUserId: userIds[0] })),
  };
}

// ---- random change lists drawn from the snapshot's own records --------------------------------------------------

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const ids = (records: readonly { id: string }[], ...extra: string[]) => [...records.map((r) => r.id), ...extra];

function putArb(s: Snapshot, c: CollectionName): fc.Arbitrary<unknown> {
  const projectIds = ids(s.projects, 'prj-missing', 'prj-new');
  const orgIds = ids(s.organizations, 'org-gone', 'org-new');
  switch (c) {
    case 'assets':
      return fc.record<Asset>({
        id: pick(ids(s.assets, 'ast-new-0', 'ast-new-1')),
        name: pick(['Pump', 'Valve']),
        projectId: pick(projectIds),
        siteId: pick(ids(s.sites, 'site-missing', 'site-new')),
        tags: fc.array(pick([...TAG_POOL, 'tag-new', 'tag-other']), { maxLength: 4 }),
      });
    case 'users':
      return fc
        .record({
          base: pick(s.users),
          id: pick(ids(s.users, 'u-new-0', 'u-new-1')),
          org: pick(orgIds),
          status: pick(['active', 'active', 'disabled'] as const),
          systemRoleId: pick([null, 'globalAdmin', 'technician', 'customer', 'no-such-role']),
          scope: fc.option(
            fc.record(
              { organizationIds: fc.subarray([...orgIds, 'org-new-2']), siteIds: fc.subarray(ids(s.sites, 'site-new', 'site-missing')) },
              { requiredKeys: [] },
            ),
            { nil: undefined },
          ),
        })
        .map(({ base, id, org, status, systemRoleId, scope }): User => {
          const { scope: _, ...rest } = base;
          return { ...rest, id, organizationId: org, status, systemRoleId, ...(scope !== undefined ? { scope } : {}) };
        });
    case 'memberships':
      return fc.record<Membership>({
        userId: pick(ids(s.users, 'u-new-0', 'u-ghost')),
        projectId: pick(projectIds),
        projectRoleId: pick(ids(s.projectRoles, 'pr-missing', 'pr-new-0')),
      });
    case 'projectRoles':
      return fc
        .record({
          base: pick(s.projectRoles),
          id: pick(ids(s.projectRoles, 'pr-new-0')),
          tags: fc.subarray([...TAG_POOL, 'tag-new', 'tag-role-only']),
          read: fc.boolean(),
          assetsEnabled: fc.boolean(),
          fullAccessUntagged: fc.boolean(),
        })
        .map(({ base, id, tags, read, assetsEnabled, fullAccessUntagged }): ProjectRole => ({
          ...base,
          id,
          fullAccessUntagged,
          tags: tags.map((tag, i) => ({ tag, read: read || i > 0, write: i % 2 === 0 && (read || i > 0) })),
          features: { ...base.features, assets: { enabled: assetsEnabled, functions: { assets: { read: true, write: read } } } },
        }));
    case 'projects':
      return fc.record({ id: pick(projectIds), name: pick(['A', 'B']) });
    case 'tickets':
      return fc.record<Ticket>({
        id: pick(ids(s.tickets, 'tkt-new-0', 'tkt-new-1')),
        title: pick(['Leak', 'Noise']),
        projectId: pick(projectIds),
        assetId: pick([null, ...ids(s.assets, 'ast-new-0', 'ast-missing')]),
        assigneeId: pick([null, ...ids(s.users, 'u-ghost')]),
      });
    case 'organizations':
      return fc.record({
        id: pick(orgIds),
        name: pick(['O']),
        type: pick(['customer', 'global', 'productCompany'] as const),
        parentId: pick([null, ...orgIds]),
      });
    case 'sites':
      return fc.record({ id: pick(ids(s.sites, 'site-new')), name: pick(['S']), organizationId: pick(orgIds) });
    case 'systemRoles':
      // a role a user names that the default catalog lacks ('no-such-role') may join the catalog
      return fc.record({
        id: pick(['technician', 'custom', 'globalAdmin', 'no-such-role']),
        name: pick(['R']),
        level: fc.nat(5),
        audience: pick(['internal'] as const),
        orgTypes: fc.subarray(['customer', 'global'] as const),
        permissions: fc.subarray(['manageUsers', 'manageOrganizations']),
      });
  }
}

function changeArb(s: Snapshot, weights: Partial<Record<CollectionName, number>>): fc.Arbitrary<FleetChange> {
  const collections = COLLECTION_NAMES.filter((c) => (weights[c] ?? 0) > 0);
  return fc.oneof(...collections.map((c) => ({ weight: weights[c]!, arbitrary: fc.constant(c) }))).chain((collection) => {
    const puts = fc.array(putArb(s, collection), { maxLength: 3 });
    const existing = ((s[collection] ?? []) as unknown[]).map((r) => recordKey(collection, r as { id?: unknown }));
    // deleting any put's key too (a re-put of a deleted key goes to the end)
    const keys = fc.oneof(
      pick(existing.length > 0 ? existing : ['none']),
      putArb(s, collection).map((r) => recordKey(collection, r as { id?: unknown })),
    );
    return fc.record({ collection: fc.constant(collection), puts, deletes: fc.uniqueArray(keys, { maxLength: 2 }) });
  });
}

const PATCHED = { assets: 6, users: 3, memberships: 3, projectRoles: 2, projects: 2, tickets: 2 };
const PLACES = { ...PATCHED, organizations: 4, sites: 4, systemRoles: 2 };
const caseArb = (weights: Partial<Record<CollectionName, number>>) =>
  snapshotArb().chain((s) => fc.tuple(fc.constant(s), fc.array(changeArb(s, weights), { minLength: 1, maxLength: 4 }), fc.nat()));

describe('patchFleet', () => {
  it('answers every question as compileFleet over the replayed snapshot (assets, users, memberships, roles, projects, tickets)', () => {
    fc.assert(
      fc.property(caseArb(PATCHED), ([s, changes]) => {
        const expected = answers(compileFleet(cacheReplay(s, changes)));
        expect(answers(patched(compileFleet(s), changes))).toEqual(expected);
      }),
      { numRuns: 120 },
    );
  });

  it('answers the same after the changes are applied in two patches as in one (a patched fleet patched again)', () => {
    fc.assert(
      fc.property(caseArb(PATCHED), ([s, changes, cut]) => {
        const at = cut % (changes.length + 1);
        const twice = patched(patched(compileFleet(s), changes.slice(0, at)), changes.slice(at));
        expect(answers(twice)).toEqual(answers(compileFleet(cacheReplay(s, changes))));
      }),
      { numRuns: 60 },
    );
  });

  it('patches a fleet loaded from its stored image (other look-ups, lazy columns) to the same answers', () => {
    fc.assert(
      fc.property(caseArb(PATCHED), ([s, changes]) => {
        const loaded = fleetFromImage(viaBytes(fleetToImage(compileFleet(s))));
        expect(answers(patched(loaded, changes))).toEqual(answers(compileFleet(cacheReplay(s, changes))));
      }),
      { numRuns: 40 },
    );
  });

  it("patches a fleet read from the cache (ids and names as byte columns, the replay's id table) to the same answers", () => {
    fc.assert(
      fc.property(caseArb(PATCHED), ([s, changes]) => {
        const { snapshot, fleet } = readFromCache(s);
        expect(answers(patched(fleet, changes))).toEqual(answers(compileFleet(cacheReplay(snapshot, changes))));
      }),
      { numRuns: 40 },
    );
  });

  it('patches organizations, sites and system roles without compiling, with the same answers', () => {
    fc.assert(
      fc.property(caseArb(PLACES), ([s, changes]) => {
        expect(answers(patched(compileFleet(s), changes))).toEqual(answers(compileFleet(cacheReplay(s, changes))));
      }),
      { numRuns: 150 },
    );
  });

  it('patches organizations, sites and system roles in two patches, and from a stored image, to the same answers', () => {
    fc.assert(
      fc.property(caseArb(PLACES), fc.boolean(), ([s, changes, cut], fromImage) => {
        const at = cut % (changes.length + 1);
        const f = fromImage ? fleetFromImage(viaBytes(fleetToImage(compileFleet(s)))) : compileFleet(s);
        const twice = patched(patched(f, changes.slice(0, at)), changes.slice(at));
        expect(answers(twice)).toEqual(answers(compileFleet(cacheReplay(s, changes))));
      }),
      { numRuns: 80 },
    );
  });

  it('patches a loaded fleet through few asset adds, deletes and re-adds (runs copied, ids and names kept as the image columns) to the same answers', () => {
    // few edits next to 3,000 rows take the run-copy path and lay the edits over the image's string columns
    const s = generateFleet({ assets: 3000, seed: 7 });
    const image = fleetToImage(compileFleet(s));
    const userIds = s.users.slice(0, 6).map((u) => u.id);
    const existing = s.assets.map((a) => a.id);
    const last = existing[existing.length - 1];
    const assetChange = fc.oneof(
      // delete (the last row too), rename, retag, move site, add new, delete and put again
      fc.constantFrom(...existing.slice(0, 40), last).map((id): FleetChange => ({ collection: 'assets', puts: [], deletes: [id] })),
      fc
        .tuple(
          fc.nat(2999),
          fc.string({ maxLength: 4 }),
          fc.constantFrom(...TAG_POOL),
          fc.constantFrom(...s.sites.map((x) => x.id), 'site-unknown'),
        )
        .map(([i, suffix, tag, siteId]): FleetChange => ({
          collection: 'assets',
          puts: [{ ...s.assets[i], name: `${s.assets[i].name}${suffix}`, tags: [...s.assets[i].tags, tag, tag], siteId }],
          deletes: [],
        })),
      fc.nat(5).map((k): FleetChange => ({
        collection: 'assets',
        puts: [{ ...s.assets[k], id: `ast-new-${k}`, tags: ['new-tag'] }],
        deletes: [],
      })),
      fc.constantFrom(existing[3], last, 'ast-new-1').map((id): FleetChange => ({
        collection: 'assets',
        puts: [{ ...(s.assets.find((a) => a.id === id) ?? s.assets[1]), id, name: 'back again' }],
        deletes: [id],
      })),
    );
    fc.assert(
      fc.property(fc.array(fc.array(assetChange, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), (patches) => {
        let f = fleetFromImage(structuredClone(image));
        const all: FleetChange[] = [];
        for (const changes of patches) {
          f = patched(f, changes);
          all.push(...changes);
          // still the image's columns with the edits over them: nothing was split into arrays
          expect(Object.getOwnPropertyDescriptor(f, 'assetNames')?.get).toBeTypeOf('function');
        }
        const expected = compileFleet(cacheReplay(s, all));
        const A = expected.assetIds.length;
        expect(f.assetProject.length).toBe(A);
        const rows = Array.from({ length: A }, (_, i) => i);
        expect(rows.map((i) => [assetIdAt(f, i), assetNameAt(f, i)])).toEqual(
          rows.map((i) => [expected.assetIds[i], expected.assetNames[i]]),
        );
        expect(rows.map((i) => assetRecord(f, i))).toEqual(rows.map((i) => assetRecord(expected, i)));
        const probe = [...existing, 'ast-new-0', 'ast-new-1', 'ast-new-5', 'ast-missing'];
        expect(probe.map((id) => f.assetIndex.get(id) ?? null)).toEqual(probe.map((id) => expected.assetIndex.get(id) ?? null));
        expect(f.assetIndex.size).toBe(expected.assetIndex.size);
        expect(userIds.map((u) => visibleAssets(f, u, { all: true }))).toEqual(
          userIds.map((u) => visibleAssets(expected, u, { all: true })),
        );
        // the whole arrays, once asked for, are the compiled ones
        expect(f.assetIds).toEqual(expected.assetIds);
        expect(f.assetNames).toEqual(expected.assetNames);
      }),
      { numRuns: 25 },
    );
  });

  it('leaves the input fleet exactly as it was', () => {
    fc.assert(
      fc.property(caseArb(PLACES), ([s, changes]) => {
        const f = compileFleet(s);
        const before = structuredClone(f);
        patchFleet(f, changes);
        expect(f).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });

  it('replays as the cache does (replaySnapshot equals a replay of segments)', () => {
    fc.assert(
      fc.property(caseArb({ ...PATCHED, organizations: 1, systemRoles: 1 }), ([s, changes]) => {
        expect(replaySnapshot(s, changes)).toEqual(cacheReplay(s, changes));
      }),
      { numRuns: 80 },
    );
  });
});

// ---- named examples ------------------------------------------------------------------------------------------------

const role = (id: string, tags: ProjectRole['tags']): ProjectRole => ({
  id,
  name: id,
  location: null,
  expertMode: false,
  fullAccessUntagged: false,
  tags,
  features: { assets: { enabled: true, functions: { assets: { read: true, write: true } } } },
});

const small = (): Snapshot => ({
  version: 1,
  organizations: [{ id: 'o', name: 'O', type: 'customer', parentId: null }],
  sites: [{ id: 's', name: 'S', organizationId: 'o' }],
  users: [{ id: 'u', name: 'U', email: 'u@x.test', organizationId: 'o', systemRoleId: 'technician', status: 'active', invitedBy: null }],
  projects: [{ id: 'p', name: 'P' }],
  projectRoles: [role('r', [{ tag: 'pumps', read: true, write: false }]), role('w', [{ tag: 'pumps', read: true, write: true }])],
  memberships: [{ userId: 'u', projectId: 'p', projectRoleId: 'r' }],
  assets: [
    { id: 'a1', name: 'Pump 1', projectId: 'p', siteId: 's', tags: ['pumps'] },
    { id: 'a2', name: 'Pump 2', projectId: 'p', siteId: 's', tags: ['pumps'] },
    { id: 'a3', name: 'Valve', projectId: 'p', siteId: 's', tags: ['valves'] },
  ],
  tickets: [{ id: 't1', title: 'Leak', projectId: 'p', assetId: 'a2', assigneeId: null }],
});

const effectOf = (f: Fleet, assetId: string) => visibleAssets(f, 'u', { all: true }).assets.find((a) => a.assetId === assetId)?.effect;

describe('patchFleet examples', () => {
  it('an asset whose tags change so the user loses it', () => {
    const f = compileFleet(small());
    const g = patchFleet(f, [
      { collection: 'assets', puts: [{ id: 'a1', name: 'Pump 1', projectId: 'p', siteId: 's', tags: ['brand-new'] }], deletes: [] },
    ]);
    expect(effectOf(f, 'a1')).toBe('read');
    expect(effectOf(g, 'a1')).toBe('hidden');
    expect(g.tags).toContain('brand-new');
    expect(answers(g)).toEqual(
      answers(compileFleet(cacheReplay(small(), [{ collection: 'assets', puts: [assetRecord(g, 0)], deletes: [] }]))),
    );
  });

  it("a membership's role changes and the user may read and write", () => {
    const g = patchFleet(compileFleet(small()), [
      { collection: 'memberships', puts: [{ userId: 'u', projectId: 'p', projectRoleId: 'w' }], deletes: [] },
    ]);
    expect(effectOf(g, 'a1')).toBe('full');
    expect(g.snapshot.memberships).toEqual([{ userId: 'u', projectId: 'p', projectRoleId: 'w' }]);
  });

  it('a membership deleted and put again in one change keeps the role it was put with (it moves to the end)', () => {
    const m = { userId: 'u', projectId: 'p', projectRoleId: 'w' };
    const g = patchFleet(compileFleet(small()), [{ collection: 'memberships', puts: [m], deletes: ['u|p'] }]);
    expect(effectOf(g, 'a1')).toBe('full');
    expect(g.snapshot.memberships).toEqual([m]);
  });

  it('a role loses a tag and its holders lose the assets it reached', () => {
    const g = patchFleet(compileFleet(small()), [
      { collection: 'projectRoles', puts: [role('r', [{ tag: 'valves', read: true, write: false }])], deletes: [] },
    ]);
    expect(effectOf(g, 'a1')).toBe('hidden');
    expect(effectOf(g, 'a3')).toBe('read');
  });

  it('an asset deleted and added again moves to the end, and its ticket follows it', () => {
    const f = compileFleet(small());
    const a2 = small().assets[1];
    const g = patchFleet(f, [
      { collection: 'assets', puts: [], deletes: ['a2'] },
      { collection: 'assets', puts: [a2], deletes: [] },
    ]);
    expect(g.snapshot.assets.map((a) => a.id)).toEqual(['a1', 'a3', 'a2']);
    expect(g.assetIndex.get('a2')).toBe(2);
    expect(g.assetIndex.get('a3')).toBe(1);
    expect(explainTicket(g, 'u', 't1')).toEqual(
      explainTicket(compileFleet(cacheReplay(small(), [{ collection: 'assets', puts: [a2], deletes: ['a2'] }])), 'u', 't1'),
    );
    expect(f.assetIndex.get('a2')).toBe(1);
  });

  it('does not build the asset records of a patched fleet until something reads them', () => {
    const g = patchFleet(compileFleet(small()), [{ collection: 'assets', puts: [], deletes: ['a1'] }]);
    const d = Object.getOwnPropertyDescriptor(g.snapshot, 'assets')!;
    expect(d.get).toBeTypeOf('function');
    expect(g.snapshot.assets.map((a) => a.id)).toEqual(['a2', 'a3']);
  });

  it('shares what a change does not reach', () => {
    const f = compileFleet(small());
    const g = patchFleet(f, [
      { collection: 'tickets', puts: [{ id: 't1', title: 'Drip', projectId: 'p', assetId: 'a1', assigneeId: null }], deletes: [] },
    ]);
    expect(g).not.toBe(f);
    expect(g.assetTagList).toBe(f.assetTagList);
    expect(g.roles).toBe(f.roles);
    expect(g.membershipRole).toBe(f.membershipRole);
    expect(g.snapshot.assets).toBe(f.snapshot.assets);
    expect(g.snapshot.tickets[0].title).toBe('Drip');
  });

  it('copies only the columns an edited asset changes (a new name: the names; the ids, tags and keys are shared)', () => {
    const f = compileFleet(small());
    const g = patchFleet(f, [{ collection: 'assets', puts: [{ ...small().assets[1], name: 'Pump two' }], deletes: [] }]);
    expect(g.assetNames).not.toBe(f.assetNames);
    expect(g.assetNames).toEqual(['Pump 1', 'Pump two', 'Valve']);
    expect(g.assetIds).toBe(f.assetIds);
    expect(g.assetTagList).toBe(f.assetTagList);
    expect(g.assetProject).toBe(f.assetProject);
    expect(g.assetIndex).toBe(f.assetIndex);
  });

  it('finds every asset after many patches and once the overlay of moved ids is built again as one look-up', () => {
    const s = small();
    s.assets = Array.from({ length: 12_000 }, (_, i) => ({
      id: `a${i}`,
      name: `A${i}`,
      projectId: 'p',
      siteId: 's',
      tags: i % 3 ? ['pumps'] : [],
    }));
    let f = compileFleet(s);
    const all: FleetChange[] = [];
    for (const step of [
      { collection: 'assets' as const, puts: [{ ...s.assets[5], name: 'moved' }], deletes: ['a5', 'a7', 'a11000'] },
      { collection: 'assets' as const, puts: [], deletes: s.assets.filter((_, i) => i % 2 === 1 && i > 100).map((a) => a.id) },
      { collection: 'assets' as const, puts: [{ id: 'fresh', name: 'F', projectId: 'p', siteId: 's', tags: [] }], deletes: ['a0', 'a10'] },
    ]) {
      f = patchFleet(f, [step]);
      all.push(step);
      const expected = compileFleet(cacheReplay(s, all));
      const ids = [...s.assets.map((a) => a.id), 'fresh'];
      expect(ids.map((id) => f.assetIndex.get(id))).toEqual(ids.map((id) => expected.assetIndex.get(id)));
      expect(f.assetIndex.size).toBe(expected.assetIndex.size);
      expect(f.assetIds).toEqual(expected.assetIds);
    }
  });

  it("a site moved to an organization outside the user's reaches takes its assets out of the user's scope", () => {
    const s = small();
    s.organizations.push({ id: 'other', name: 'Other', type: 'customer', parentId: null });
    const f = compileFleet(s);
    const change: FleetChange = { collection: 'sites', puts: [{ id: 's', name: 'S', organizationId: 'other' }], deletes: [] };
    const g = patched(f, [change]);
    expect(effectOf(f, 'a1')).toBe('read');
    expect(effectOf(g, 'a1')).toBe('hidden');
    expect(g.assetTagList).toBe(f.assetTagList);
    expect(answers(g)).toEqual(answers(compileFleet(cacheReplay(s, [change]))));
  });

  it('a site removed while an asset moves onto it and another is deleted: the moved asset is on an unknown site', () => {
    const s = small();
    s.sites = [
      { id: 's0', name: 'S0', organizationId: 'o' },
      { id: 's', name: 'S', organizationId: 'o' },
    ];
    const changes: FleetChange[] = [
      { collection: 'sites', puts: [], deletes: ['s0'] },
      { collection: 'assets', puts: [{ ...s.assets[2], siteId: 's0' }], deletes: ['a1'] },
    ];
    const g = patched(compileFleet(s), changes);
    expect(g.assetSite[g.assetIndex.get('a3')!]).toBe(-1);
    expect(answers(g)).toEqual(answers(compileFleet(cacheReplay(s, changes))));
  });

  it('an organization removed that a site and a user still name: its id keeps a key and lies under nothing', () => {
    const s = small();
    s.organizations = [
      { id: 'root', name: 'Root', type: 'global', parentId: null },
      { id: 'o', name: 'O', type: 'customer', parentId: 'root' },
    ];
    s.users.push({ ...s.users[0], id: 'boss', organizationId: 'root' });
    const changes: FleetChange[] = [{ collection: 'organizations', puts: [], deletes: ['root'] }];
    const g = patched(compileFleet(s), changes);
    expect(g.orgIndex.has('root')).toBe(false);
    expect(g.orgKeyIndex.has('root')).toBe(true);
    expect(answers(g)).toEqual(answers(compileFleet(cacheReplay(s, changes))));
  });

  it('a system-role catalog that gains the role a user names gives the user its permissions; emptied, the default applies', () => {
    const s = small();
    s.users[0].systemRoleId = 'auditor';
    const auditor = {
      id: 'auditor',
      name: 'Auditor',
      level: 3,
      audience: 'internal' as const,
      orgTypes: ['customer' as const],
      permissions: ['manageUsers' as const],
    };
    const f = compileFleet(s);
    const g = patched(f, [{ collection: 'systemRoles', puts: [auditor], deletes: [] }]);
    expect(hasPermission(f, 0, 'manageUsers')).toBe(false);
    expect(hasPermission(g, 0, 'manageUsers')).toBe(true);
    const h = patched(g, [{ collection: 'systemRoles', puts: [], deletes: ['auditor'] }]);
    expect(h.snapshot.systemRoles).toBeUndefined();
    expect(catalogInForce(h).map((r) => r.id)).toEqual(catalogInForce(f).map((r) => r.id));
    expect(answers(h)).toEqual(answers(f));
  });

  it('reads, on a fleet loaded from its image, only the record collections a change needs (a moved site: none; an added site: the sites)', () => {
    const s = small();
    s.organizations.push({ id: 'other', name: 'Other', type: 'customer', parentId: null });
    const readsOf = (changes: FleetChange[]) => {
      const loaded = fleetFromImage(viaBytes(fleetToImage(compileFleet(s))));
      const reads = new Set<string>();
      for (const c of COLLECTION_NAMES) {
        const d = Object.getOwnPropertyDescriptor(loaded.snapshot, c);
        if (!d?.get) continue;
        const get = d.get;
        Object.defineProperty(loaded.snapshot, c, { ...d, get: () => (reads.add(c), get()) });
      }
      const g = patched(loaded, changes);
      const read = [...reads].sort();
      expect(answers(g)).toEqual(answers(compileFleet(cacheReplay(s, changes))));
      return read;
    };
    expect(readsOf([{ collection: 'sites', puts: [{ id: 's', name: 'S', organizationId: 'other' }], deletes: [] }])).toEqual([]);
    expect(
      readsOf([{ collection: 'organizations', puts: [{ id: 'other', name: 'O2', type: 'customer', parentId: 'o' }], deletes: [] }]),
    ).toEqual(['organizations']);
    expect(readsOf([{ collection: 'organizations', puts: [], deletes: ['other'] }])).toEqual(['organizations']);
    // a site added that a user's scope names (no asset did, so its id had no key): that user's record is read
    // alone, not the users collection
    s.users[0].scope = { siteIds: ['s-new'] };
    expect(readsOf([{ collection: 'sites', puts: [{ id: 's-new', name: 'N', organizationId: 'other' }], deletes: [] }])).toEqual(['sites']);
  });

  it("patches a loaded fleet sync after sync (users, tickets, memberships read through each patch's edits) and past 32 patches still answers the same", () => {
    const s = small();
    s.users.push({ ...s.users[0], id: 'u2', name: 'U2' });
    s.tickets.push({ id: 't2', title: 'Noise', projectId: 'p', assetId: 'a1', assigneeId: null });
    let f = fleetFromImage(viaBytes(fleetToImage(compileFleet(s))));
    const all: FleetChange[] = [];
    for (let k = 0; k < 40; k++) {
      const changes: FleetChange[] = [
        { collection: 'tickets', puts: [{ ...s.tickets[k % 2], title: `T${k}` }], deletes: k % 7 === 3 ? ['t-gone'] : [] },
        { collection: 'users', puts: [{ ...s.users[1], name: `U${k}` }], deletes: [] },
        k % 2 === 0
          ? { collection: 'memberships', puts: [{ userId: 'u2', projectId: 'p', projectRoleId: k % 4 === 0 ? 'r' : 'w' }], deletes: [] }
          : { collection: 'memberships', puts: [], deletes: ['u2|p'] },
      ];
      f = patched(f, changes);
      all.push(...changes);
      if (k === 2) {
        // three syncs in: one record and the count, read through the edits of each patch
        expect(snapshotRecord(f.snapshot, 'tickets', 1).title).toBe('T1');
        expect(snapshotRecord(f.snapshot, 'users', 1).name).toBe('U2');
        expect(collectionLength(f.snapshot, 'memberships')).toBe(2);
      }
    }
    expect(answers(f)).toEqual(answers(compileFleet(cacheReplay(s, all))));
  });

  it('falls back to compiling a fleet with duplicate ids, first record winning as compileFleet has it', () => {
    const s = small();
    s.assets.push({ ...s.assets[0], name: 'Second a1' });
    const f = compileFleet(s);
    const before = compiles();
    const g = patchFleet(f, [{ collection: 'tickets', puts: [], deletes: ['t1'] }]);
    expect(compiles()).toBe(before + 1);
    expect(g.assetDuplicate[3]).toBe(1);
    expect(g.snapshot.tickets).toEqual([]);
  });
});
