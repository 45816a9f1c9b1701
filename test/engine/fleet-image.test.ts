import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { assetRecord, compileFleet, explainAsset, userAssetsPacked, visibleAssets, type Fleet } from '../../core/engine';
import { assetAudience } from '../../core/engine/who-can-see';
import { assetRow } from '../../core/answers/asset-row';
import { FLEET_IMAGE_FORMAT, FleetImageFormatError, fleetFromImage, fleetToImage, type FleetImage } from '../../core/engine/fleet-image';
import { encodeFleetImage } from '../../core/engine/fleet-image-bytes';
import { allRecords, recordAt, storeRecords } from '../../core/engine/lazy-snapshot';
import { packInts, packStarts, unpackInts, unpackStarts } from '../../core/engine/packed-ints';
import { HashedIdMap, buildIdHash } from '../../core/engine/id-hash';
import { columnStrings, stringAt, stringEquals, toStringColumn, type StoredColumn } from '../../core/engine/string-column';
import { patchFleet, type FleetChange } from '../../core/engine/fleet-patch';
import { generateFleet } from '../../core/generate/fleet';
import type { Snapshot } from '../../core/model/snapshot';
import { snapshotArb } from './arbitraries';
import { viaBytes } from './image-bytes';
import { everyAnswer } from './every-answer';
import { builtItems } from '../../core/engine/compiled-items';
import { assignableRoles } from '../../core/engine/roles';
import { diffAccess } from '../../core/engine/diff';
import { orgPosUnread } from '../../core/engine/derived-org-pos';
import { wholeBytes } from '../../core/engine/part-bytes';
import { asset, baseSnapshot, member, role, user } from './fixtures';

/** A stored column's whole joined text (what a materialization would split). */
const columnText = (c: StoredColumn): string => ('bytes' in c ? new TextDecoder().decode(wholeBytes(c.bytes)) : c.text);

/** What a host does: write the image, keep it (as bytes in IndexedDB), load it. */
const stored = (s: Snapshot): Fleet => fleetFromImage(viaBytes(fleetToImage(compileFleet(s))));

/** The Fleet's integer columns a loaded fleet may keep in a narrower array than Int32Array (IntColumn). */
const NARROW_COLUMNS = ['assetSite', 'assetSiteKey', 'assetProject', 'assetTagList'];

/** Reads every collection of a lazily built snapshot, so deep equality sees own data. */
const materialized = (s: Snapshot): Snapshot => ({ ...s });

describe('the stored fleet image', () => {
  it('loads a fleet that answers every question exactly as the compiled fleet does (stored as bytes between)', () => {
    fc.assert(
      fc.property(snapshotArb(), (s) => {
        const compiled = compileFleet(s);
        const loaded = stored(s);
        expect(everyAnswer(loaded, s)).toEqual(everyAnswer(compiled, s));
        expect(materialized(loaded.snapshot)).toEqual(s);
      }),
      { numRuns: 60 },
    );
  });

  it('loads every part of the compiled fleet equal to it, the id look-ups included', () => {
    fc.assert(
      fc.property(snapshotArb({ maxAssets: 8 }), (s) => {
        const compiled = compileFleet(s);
        const loaded = stored(s);
        const { assetIndex, ticketIndex, snapshot, membershipRole, ...parts } = compiled;
        const { assetIndex: la, ticketIndex: lt, snapshot: ls, membershipRole: lm, ...loadedParts } = loaded;
        // the (user, project) → role look-up answers every key as the compiled Map does (read from the CSR, no Map)
        const P = compiled.projectKeyIds.length;
        for (let key = -1; key <= compiled.users.length * P + 1; key++) expect(lm.get(key)).toBe(membershipRole.get(key));
        // sizes first: they are answered from the tables until something iterates the Map
        for (const [k, v] of Object.entries(parts))
          if (v instanceof Map) expect((loadedParts as unknown as Record<string, Map<unknown, unknown>>)[k].size).toBe(v.size);
        // a loaded fleet's Maps answer from stored tables (a Map subclass): compared by their entries
        // (the asset key columns are compared by value: a loaded fleet keeps them in the narrow arrays the image stored)
        const plain = (o: object) =>
          Object.fromEntries(
            Object.entries(o).map(([k, v]) => [k, v instanceof Map ? new Map(v) : NARROW_COLUMNS.includes(k) ? Int32Array.from(v) : v]),
          );
        expect(plain(loadedParts)).toEqual(plain(parts));
        expect(materialized(ls)).toEqual(materialized(snapshot));
        for (const [index, loadedIndex, ids] of [
          [assetIndex, la, s.assets.map((a) => a.id)],
          [ticketIndex, lt, s.tickets.map((t) => t.id)],
        ] as const) {
          expect(loadedIndex.size).toBe(index.size);
          for (const id of [...ids, 'no-such-id', '']) {
            expect(loadedIndex.get(id)).toBe(index.get(id));
            expect(loadedIndex.has(id)).toBe(index.has(id));
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('answers the fixtures the same: tag restrictions, scopes, duplicates, repeated tags and ids holding NUL', () => {
    const s = baseSnapshot({
      users: [
        user('u-tech'),
        user('u-scoped', { organizationId: 'org-dairy', scope: { siteIds: ['site-utrecht', 'site-gone'] } }),
        user('u-admin', { systemRoleId: 'globalAdmin', organizationId: 'org-global' }),
        user('u-tech', { name: 'second record with the same id' }),
      ],
      projectRoles: [role('pr-main', { name: 'Service EU' }), role('pr-tags', { tags: { pumps: 'r' }, tickets: true, expertMode: true })],
      memberships: [member('u-tech', 'pr-main'), member('u-scoped', 'pr-tags'), member('u-admin', 'pr-gone', 'prj-other')],
      assets: [
        asset('a-1'),
        asset('a-2', { tags: ['pumps', 'x', 'pumps'], siteId: 'site-utrecht' }),
        asset('a-1', { name: 'duplicate of a-1' }),
        asset('a-\u0000nul', { name: 'name with \u0000 inside', projectId: 'prj-unknown', siteId: 'site-nowhere' }),
      ],
      tickets: [{ id: 't-1', title: 'Leak', projectId: 'prj-food', assetId: 'a-2', assigneeId: 'u-tech' }],
      systemRoles: undefined,
    });
    delete (s as Partial<Snapshot>).systemRoles;
    const compiled = compileFleet(s);
    const loaded = stored(s);
    expect(everyAnswer(loaded, s)).toEqual(everyAnswer(compiled, s));
    expect(loaded.assetIndex.get('a-\u0000nul')).toBe(3);
    expect(loaded.assetIndex.get('a-1')).toBe(0);
    expect(loaded.assetNames[3]).toBe('name with \u0000 inside');
    expect('systemRoles' in loaded.snapshot).toBe(false);
    expect(loaded.systemRoles).toEqual(compiled.systemRoles);
    expect(materialized(loaded.snapshot)).toEqual(s);
  });

  it('answers a generated fleet the same and parses one record alone from its offsets', () => {
    const s = generateFleet({ assets: 400, seed: 1 });
    const compiled = compileFleet(s);
    const image = viaBytes(fleetToImage(compiled));
    const loaded = fleetFromImage(image);
    const users = s.users.slice(0, 12).map((u) => u.id);
    for (const u of users) expect(visibleAssets(loaded, u, { all: true })).toEqual(visibleAssets(compiled, u, { all: true }));
    for (const a of s.assets.slice(0, 40)) expect(assetAudience(loaded, a.id)).toEqual(assetAudience(compiled, a.id));
    const last = s.users.length - 1;
    expect(recordAt(image.records.users!, last)).toEqual(s.users[last]);
    expect(recordAt(image.records.users!, 0)).toEqual(s.users[0]);
    expect(materialized(loaded.snapshot)).toEqual(s);
  });

  it('builds no snapshot collection, Map or string array before something reads it', () => {
    const s = generateFleet({ assets: 200, seed: 2 });
    const loaded = stored(s);
    const parseSpy: string[] = [];
    const parse = JSON.parse;
    JSON.parse = (text: string, ...rest: []) => (parseSpy.push(text.slice(0, 20)), parse(text, ...rest));
    try {
      const u = loaded.userIndex.get(s.users[0].id)!;
      userAssetsPacked(loaded, u);
      expect(loaded.assetIndex.get(s.assets[7].id)).toBe(7);
      expect(parseSpy).toEqual([]);
      expect(loaded.snapshot.users).toEqual(s.users);
      // the snapshot's own fields (version) and the users' text (each record as [shape, ...values]); no other collection
      expect(parseSpy).toEqual(['{"version":1}', expect.stringMatching(/^\[\[\d+,"u-/)]);
    } finally {
      JSON.parse = parse;
    }
  });

  it('answers what one user may assign and a what-if between two users building those two users only, as compiled', () => {
    const s = generateFleet({ assets: 2000, seed: 6 });
    const compiled = compileFleet(s);
    const loaded = fleetFromImage(viaBytes(fleetToImage(compiled)));
    const [a, b] = s.users.filter((x) => x.status === 'active');
    const assignable = assignableRoles(loaded, a.id, b.id);
    const diff = diffAccess(loaded, a.id, { asUserId: b.id });
    expect(builtItems(loaded)!.users).toBe(2);
    expect(assignable).toEqual(assignableRoles(compiled, a.id, b.id));
    expect(diff).toEqual(diffAccess(compiled, a.id, { asUserId: b.id }));
  });

  it('answers one user’s asset page and one explanation building that user and the roles of that user’s projects only, never every asset’s organization position', () => {
    const s = generateFleet({ assets: 2000, seed: 6 });
    const compiled = compileFleet(s);
    const loaded = fleetFromImage(viaBytes(fleetToImage(compiled)));
    const user = s.users.find((x) => x.status === 'active' && s.memberships.some((m) => m.userId === x.id))!;
    // nor the organization position of every asset (each asset's is read from its site)
    const orgPos = Object.getOwnPropertyDescriptor(loaded, 'assetOrgPos')!;
    let orgPosReads = 0;
    Object.defineProperty(loaded, 'assetOrgPos', { ...orgPos, get: () => (orgPosReads++, orgPos.get!()) });
    const u = loaded.userIndex.get(user.id)!;
    const packed = userAssetsPacked(loaded, u);
    const rows = s.assets.slice(0, 50).map((_, a) => assetRow(loaded, u, a));
    const built = builtItems(loaded)!;
    expect(built.users).toBe(1);
    const rolesOfUser = new Set(s.memberships.filter((m) => m.userId === user.id).map((m) => m.projectRoleId));
    expect(built.roles).toBeGreaterThan(0);
    expect(built.roles).toBeLessThanOrEqual(rolesOfUser.size);
    expect(loaded.roles.length).toBeGreaterThan(rolesOfUser.size);
    // (an explanation's flips try every role)
    const explained = explainAsset(loaded, user.id, s.assets[9].id);
    expect(orgPosReads).toBe(0);
    // and they are the compiled ones
    expect(packed).toEqual(userAssetsPacked(compiled, u));
    expect(rows).toEqual(s.assets.slice(0, 50).map((_, a) => assetRow(compiled, u, a)));
    expect(explained).toEqual(explainAsset(compiled, user.id, s.assets[9].id));
    expect(loaded.assetOrgPos).toEqual(compiled.assetOrgPos);
    expect(loaded.users[u]).toEqual(compiled.users[u]);
    expect(loaded.roles).toEqual(compiled.roles);
  });

  it('keeps building one user at a time after a patch that leaves the users as they were (an asset renamed)', () => {
    const s = generateFleet({ assets: 2000, seed: 6 });
    const loaded = fleetFromImage(viaBytes(fleetToImage(compileFleet(s))));
    const user = s.users.find((x) => x.status === 'active' && s.memberships.some((m) => m.userId === x.id))!;
    const renamed = { ...s.assets[9], name: 'Renamed compressor' };
    const patched = patchFleet(loaded, [{ collection: 'assets', puts: [renamed], deletes: [] }]);
    const explained = explainAsset(patched, user.id, renamed.id);
    // the one user asked about (and none of the others the flips do not read)
    expect(builtItems(patched)!.users).toBe(1);
    expect(explained).toEqual(
      explainAsset(compileFleet({ ...s, assets: s.assets.map((a, i) => (i === 9 ? renamed : a)) }), user.id, renamed.id),
    );
    // a patch that compiles users again carries its own, whole
    const moved = { ...user, status: 'disabled' as const };
    const again = patchFleet(patched, [{ collection: 'users', puts: [moved], deletes: [] }]);
    expect(builtItems(again)!.users).toBe(s.users.length);
    expect(explainAsset(again, user.id, renamed.id)).toEqual(
      explainAsset(
        compileFleet({
          ...s,
          assets: s.assets.map((a, i) => (i === 9 ? renamed : a)),
          users: s.users.map((u) => (u.id === user.id ? moved : u)),
        }),
        user.id,
        renamed.id,
      ),
    );
  });

  it('serves a page of asset rows from the joined id and name columns, without splitting them into arrays', () => {
    const s = generateFleet({ assets: 300, seed: 3 });
    const compiled = compileFleet(s);
    const image = viaBytes(fleetToImage(compiled));
    const loaded = fleetFromImage(image);
    const split = vi.spyOn(String.prototype, 'split');
    try {
      const u = loaded.userIndex.get(s.users[1].id)!;
      const rows = s.assets.slice(0, 50).map((_, a) => assetRow(loaded, u, a));
      expect(rows).toEqual(s.assets.slice(0, 50).map((_, a) => assetRow(compiled, u, a)));
      const splitTexts = split.mock.contexts.map(String);
      expect(splitTexts).not.toContain(columnText(image.assetIds));
      expect(splitTexts).not.toContain(columnText(image.assetNames));
      // the whole array, once asked for, is what the rows read from then on
      expect(loaded.assetNames).toEqual(s.assets.map((a) => a.name));
      loaded.assetNames[0] = 'renamed in place';
      expect(assetRow(loaded, u, 0).name).toBe('renamed in place');
    } finally {
      split.mockRestore();
    }
  });

  it('is patched for a changed asset or membership without splitting the id and name columns, building the users or reading a collection', () => {
    const s = generateFleet({ assets: 300, seed: 5 });
    const image = viaBytes(fleetToImage(compileFleet(s)));
    const split = vi.spyOn(String.prototype, 'split');
    const parse = vi.spyOn(JSON, 'parse');
    // a whole collection's text begins with its first record ('[[' as [shape, ...values] rows, '[{' as objects);
    // a single record's with its shape number
    const wholeCollectionsParsed = () => parse.mock.calls.map(([t]) => String(t)).filter((t) => /^\[[[{]/.test(t));
    // the whole-column texts a materialization would split, and the users' text it would parse
    const columns = [columnText(image.assetIds), columnText(image.assetNames), columnText(image.userIds)];
    const splitColumns = () => split.mock.contexts.map(String).filter((t) => columns.includes(t));
    try {
      const loaded = fleetFromImage(image);
      const a = s.assets[42];
      const renamed = { ...a, name: 'Renamed on the platform' };
      const once = patchFleet(loaded, [{ collection: 'assets', puts: [renamed], deletes: [] }]);
      const twice = patchFleet(once, [{ collection: 'assets', puts: [{ ...s.assets[7], name: 'Second rename' }], deletes: [] }]);
      const m = s.memberships.find((x) => s.users.some((u) => u.id === x.userId))!;
      const otherRole = s.projectRoles.find((r) => r.id !== m.projectRoleId)!.id;
      const moved = patchFleet(fleetFromImage(image), [
        { collection: 'memberships', puts: [{ ...m, projectRoleId: otherRole }], deletes: [] },
      ]);
      expect(splitColumns()).toEqual([]);
      expect(wholeCollectionsParsed()).toEqual([]);
      // a page of rows still reads the columns (with the new names laid over them)
      const u = loaded.userIndex.get(m.userId)!;
      const rows = [assetRow(twice, u, 42).name, assetRow(twice, u, 7).name, assetRow(twice, u, 8).name];
      expect(splitColumns()).toEqual([]);
      // and the answers are those of the fleet compiled from the changed records
      const explained = s.assets.slice(0, 30).map((x) => explainAsset(moved, m.userId, x.id));
      expect(rows).toEqual(['Renamed on the platform', 'Second rename', s.assets[8].name]);
      expect(once.assetNames[7]).toBe(s.assets[7].name);
      const replayed = { ...s, memberships: s.memberships.map((x) => (x === m ? { ...m, projectRoleId: otherRole } : x)) };
      expect(explained).toEqual(s.assets.slice(0, 30).map((x) => explainAsset(compileFleet(replayed), m.userId, x.id)));
      expect(twice.assetNames).toEqual(s.assets.map((x, i) => (i === 42 ? renamed.name : i === 7 ? 'Second rename' : x.name)));
    } finally {
      split.mockRestore();
      parse.mockRestore();
    }
  });

  it('patches a loaded fleet deriving no asset positions, and the patched fleet’s positions are the compiled ones', () => {
    const s = generateFleet({ assets: 400, seed: 9 });
    const loaded = fleetFromImage(viaBytes(fleetToImage(compileFleet(s))));
    const otherOrg = s.organizations.find((o) => o.id !== s.sites[0].organizationId)!.id;
    const cases: [string, FleetChange[]][] = [
      ['renamed', [{ collection: 'assets', puts: [{ ...s.assets[5], name: 'Renamed' }], deletes: [] }]],
      ['moved to another site', [{ collection: 'assets', puts: [{ ...s.assets[6], siteId: s.sites[1].id }], deletes: [] }]],
      ['added and removed', [{ collection: 'assets', puts: [{ ...s.assets[7], id: 'a-new' }], deletes: [s.assets[8].id] }]],
      [
        'many replaced',
        [{ collection: 'assets', puts: s.assets.slice(0, 200).map((a) => ({ ...a, siteId: s.sites[2].id })), deletes: [] }],
      ],
      ['a site under another organization', [{ collection: 'sites', puts: [{ ...s.sites[0], organizationId: otherOrg }], deletes: [] }]],
    ];
    for (const [what, changes] of cases) {
      const patched = patchFleet(loaded, changes);
      expect(orgPosUnread(loaded), what).toBe(true);
      expect(orgPosUnread(patched), what).toBe(true);
      // the records after the change, compiled
      let after = s;
      for (const c of changes) {
        const list = (after[c.collection] as { id: string }[]).filter((r) => !c.deletes.includes(r.id));
        const replaced = list.map((r) => c.puts.find((p) => (p as { id: string }).id === r.id) ?? r);
        const added = c.puts.filter((p) => !list.some((r) => r.id === (p as { id: string }).id));
        after = { ...after, [c.collection]: [...replaced, ...added] };
      }
      const compiled = compileFleet(after);
      expect(patched.assetOrgPos, what).toEqual(compiled.assetOrgPos);
      expect(userAssetsPacked(patched, 2), what).toEqual(userAssetsPacked(compiled, 2));
    }
    // a compiled fleet's positions are kept as they are and patched eagerly (shared when no asset moved)
    const compiled = compileFleet(s);
    expect(orgPosUnread(compiled)).toBe(false);
    expect(patchFleet(compiled, cases[0][1]).assetOrgPos).toBe(compiled.assetOrgPos);
  });

  it('writes a patched loaded fleet again keeping the stored records of the collections the patch left alone', () => {
    const s = generateFleet({ assets: 200, seed: 6 });
    const image = viaBytes(fleetToImage(compileFleet(s)));
    const loaded = fleetFromImage(image);
    const m = s.memberships[3];
    const otherRole = s.projectRoles.find((r) => r.id !== m.projectRoleId)!.id;
    const changes: FleetChange[] = [
      { collection: 'memberships', puts: [{ ...m, projectRoleId: otherRole }], deletes: [] },
      { collection: 'assets', puts: [{ ...s.assets[9], name: 'Renamed' }], deletes: [] },
    ];
    const patched = patchFleet(loaded, changes);
    const assetsRead = vi.fn();
    const d = Object.getOwnPropertyDescriptor(patched.snapshot, 'assets')!;
    Object.defineProperty(patched.snapshot, 'assets', { ...d, get: () => (assetsRead(), d.get!()) });
    const again = fleetToImage(patched);
    // the users, tickets, sites… the patch did not touch are the same stored bytes; the memberships are new
    expect(again.records.users).toBe(image.records.users);
    expect(again.records.tickets).toBe(image.records.tickets);
    expect(again.records.memberships).not.toBe(image.records.memberships);
    expect(assetsRead).not.toHaveBeenCalled();
    const replayed = {
      ...s,
      memberships: s.memberships.map((x) => (x === m ? { ...m, projectRoleId: otherRole } : x)),
      assets: s.assets.map((x, i) => (i === 9 ? { ...x, name: 'Renamed' } : x)),
    };
    const reloaded = fleetFromImage(viaBytes(again));
    expect(everyAnswer(reloaded, replayed)).toEqual(everyAnswer(compileFleet(replayed), replayed));
    expect(materialized(reloaded.snapshot)).toEqual(replayed);
  });

  it('keeps a written property as a plain object does (a patch may replace a part)', () => {
    const loaded = stored(baseSnapshot());
    const ids = ['replaced'];
    loaded.assetIds = ids;
    expect(loaded.assetIds).toBe(ids);
  });

  it('answers an id Map from its table until iterated or changed, then as a plain Map with the same entries', () => {
    const ids = ['a', 'b', 'a', 'c'];
    const m = new HashedIdMap(buildIdHash(ids, toStringColumn(ids)), structuredClone(toStringColumn(ids)));
    expect([m.get('a'), m.get('b'), m.get('c'), m.get('d'), m.has('c'), m.has('')]).toEqual([0, 1, 3, undefined, true, false]);
    expect(m.size).toBe(3);
    m.set('d', 9);
    expect([...m]).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 3],
      ['d', 9],
    ]);
    m.delete('a');
    expect([m.get('a'), m.get('d'), m.size]).toEqual([undefined, 9, 3]);
  });

  it('keeps any list of strings in a string column: empty strings, NUL inside, the empty list', () => {
    const str = fc.oneof(fc.string(), fc.constantFrom('', '\u0000', 'a\u0000b'));
    fc.assert(
      fc.property(fc.array(str, { maxLength: 8 }), str, (items, other) => {
        const column = structuredClone(toStringColumn(items));
        expect(columnStrings(column)).toEqual(items);
        items.forEach((item, i) => {
          expect(stringAt(column, i)).toBe(item);
          expect(stringEquals(column, i, item)).toBe(true);
          expect(stringEquals(column, i, other)).toBe(other === item);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps text beyond Latin-1 (Polish, CJK, emoji, a lone surrogate) as UTF-8 and gives every record back exactly', () => {
    const s = baseSnapshot({
      users: [user('u-łódź', { name: 'Łukasz Żółć 山田 🙂' }), user('u-plain'), user('u-lone', { name: 'half \ud83d pair' })],
      assets: [asset('a-é', { name: 'Pompe – 水 🚰' }), asset('a-2')],
    });
    const image = viaBytes(fleetToImage(compileFleet(s)));
    // stored as bytes: a string with one such character would be kept at two bytes per character
    expect(image.records.users!.bytes).toBeInstanceOf(Uint8Array);
    s.users.forEach((u, i) => expect(recordAt(image.records.users!, i)).toEqual(u));
    const loaded = fleetFromImage(image);
    expect(explainAsset(loaded, 'u-łódź', 'a-é')).toEqual(explainAsset(compileFleet(s), 'u-łódź', 'a-é'));
    expect(loaded.assetNames[0]).toBe('Pompe – 水 🚰');
    expect(materialized(loaded.snapshot)).toEqual(s);
  });

  it('keeps records of several shapes, and falls back to objects for a "__proto__" key', () => {
    const records = [
      { id: 'a', n: 1 },
      { n: 2, id: 'b' },
      { id: 'c', n: 3, extra: [null, { x: '\u0000' }] },
      { id: 'd', n: 4 },
    ];
    const stored = structuredClone(storeRecords(records));
    expect(stored.shapes).toEqual([
      ['id', 'n'],
      ['n', 'id'],
      ['id', 'n', 'extra'],
    ]);
    expect(allRecords(stored)).toEqual(records);
    // key order as given, not just the same keys
    expect(allRecords(stored).map((r) => Object.keys(r as object))).toEqual(records.map((r) => Object.keys(r)));
    records.forEach((r, i) => expect(recordAt(stored, i)).toEqual(r));
    const proto = JSON.parse('[{"id":"p","__proto__":{"polluted":true}}]') as unknown[];
    const protoStored = storeRecords(proto);
    expect(protoStored.shapes).toBeNull();
    expect(Object.keys(recordAt(protoStored, 0) as object)).toEqual(['id', '__proto__']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(allRecords(storeRecords([]))).toEqual([]);
  });

  it('stores integer arrays in the narrowest array their values fit and gives them back exactly, 32 bits included', () => {
    const ints = fc.oneof(
      fc.integer({ min: -1, max: 200 }),
      fc.integer({ min: -1, max: 70_000 }),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    );
    fc.assert(
      fc.property(fc.array(ints, { maxLength: 40 }), (values) => {
        const a = Int32Array.from(values);
        const packed = structuredClone(packInts(a));
        expect(unpackInts(packed)).toEqual(a);
        const span = values.length ? Math.max(...values) - Math.min(...values) : 0;
        const width = packed.data === null ? 0 : packed.data.BYTES_PER_ELEMENT;
        expect(width).toBe(span === 0 ? 0 : span <= 0xff ? 1 : span <= 0xffff ? 2 : 4);
        const starts = new Int32Array(values.length + 1);
        values.forEach((v, i) => (starts[i + 1] = starts[i] + Math.abs(v % 1000)));
        expect(unpackStarts(structuredClone(packStarts(starts)))).toEqual(starts);
      }),
      { numRuns: 300 },
    );
    // a fleet whose tag rows need 32-bit offsets and whose keys need more than 16 bits still loads the same
    const wide = Int32Array.from([0, 5, 70_000, 2 ** 31 - 1, -1]);
    expect(unpackInts(packInts(wide))).toEqual(wide);
    expect(packInts(wide).data).toBeInstanceOf(Int32Array);
  });

  it('leaves out the asset sites and organization positions compileFleet lays out, and keeps those laid out otherwise', () => {
    const s = generateFleet({ assets: 300, seed: 4 });
    const compiled = compileFleet(s);
    const image = fleetToImage(compiled);
    expect([image.assetSite, image.assetOrgPos]).toEqual(['key', null]);
    const loaded = fleetFromImage(viaBytes(image));
    expect(Int32Array.from(loaded.assetSite)).toEqual(compiled.assetSite);
    expect(loaded.assetOrgPos).toEqual(compiled.assetOrgPos);
    // a fleet whose columns do not follow that layout (e.g. patched) keeps its own
    const otherSite = compiled.assetSite.slice();
    otherSite[0] = -1;
    const other = fleetToImage({ ...compiled, assetSite: otherSite });
    expect(other.assetSite).not.toBeNull();
    expect(fleetFromImage(viaBytes(other)).assetSite).toEqual(otherSite);
  });

  it('keeps the asset key columns in the narrow arrays the image stored them in, with no widening copy', () => {
    const s = generateFleet({ assets: 300, seed: 4 });
    const image = viaBytes(fleetToImage(compileFleet(s)));
    const loaded = fleetFromImage(image);
    for (const k of ['assetSiteKey', 'assetProject', 'assetTagList'] as const) {
      expect(image[k].bias).toBe(0);
      expect(loaded[k]).toBe(image[k].data);
      expect(loaded[k]).not.toBeInstanceOf(Int32Array);
    }
  });

  it('patches a loaded fleet whose new key no longer fits the stored array: the 65,537th site key and the 257th tag widen the copy', () => {
    // 4 site records, then 65,532 site ids no record has: site keys 0..65535, stored as Uint16
    const base = baseSnapshot();
    const tagsOfRoles = compileFleet(base).tags.length;
    const s = baseSnapshot({
      assets: Array.from({ length: 65_533 }, (_, i) =>
        asset(`a-${i}`, { siteId: i === 0 ? 'site-antwerp-2' : `site-x-${i}`, tags: i < 256 - tagsOfRoles ? [`t-${i}`] : [] }),
      ),
    });
    const loaded = fleetFromImage(viaBytes(fleetToImage(compileFleet(s))));
    expect(loaded.siteKeyIds).toHaveLength(65_536);
    expect(loaded.assetSiteKey).toBeInstanceOf(Uint16Array);
    expect(loaded.tags).toHaveLength(256);
    expect(loaded.assetTagList).toBeInstanceOf(Uint8Array);
    const cases: [string, FleetChange[], (x: Snapshot) => Snapshot][] = [
      // replaced in place: the site key 65536 and the tag 256 written into copies of the columns
      [
        'replaced',
        [{ collection: 'assets', puts: [asset('a-1', { siteId: 'site-new', tags: ['t-new'] })], deletes: [] }],
        (x) => ({ ...x, assets: x.assets.map((a) => (a.id === 'a-1' ? asset('a-1', { siteId: 'site-new', tags: ['t-new'] }) : a)) }),
      ],
      // added: the runs of rows copied into new columns
      [
        'added',
        [{ collection: 'assets', puts: [asset('a-new', { siteId: 'site-new', tags: ['t-0', 't-new'] })], deletes: [] }],
        (x) => ({ ...x, assets: [...x.assets, asset('a-new', { siteId: 'site-new', tags: ['t-0', 't-new'] })] }),
      ],
    ];
    for (const [id, changes, apply] of cases) {
      const patched = patchFleet(loaded, changes);
      const compiled = compileFleet(apply(s));
      // the new keys are past what the stored arrays hold: the patch's copies were widened
      const newRow = patched.assetIndex.get(id === 'replaced' ? 'a-1' : 'a-new')!;
      expect(patched.assetSiteKey[newRow]).toBe(65_536);
      expect(patched.assetSiteKey).toBeInstanceOf(Int32Array);
      expect(patched.tags.indexOf('t-new')).toBe(256);
      expect(patched.assetTagList).toBeInstanceOf(Int32Array);
      // key numbers are the patch's own; the records they spell are the compiled ones
      const records = (f: Fleet) => Array.from({ length: f.assetProject.length }, (_, i) => assetRecord(f, i));
      expect(records(patched)).toEqual(records(compiled));
      for (const id of ['a-0', 'a-1', 'a-2', 'a-new', 'a-65532'].filter((x) => compiled.assetIndex.has(x)))
        expect(explainAsset(patched, 'u-tech', id)).toEqual(explainAsset(compiled, 'u-tech', id));
      expect(userAssetsPacked(patched, 0)).toEqual(userAssetsPacked(compiled, 0));
      // the loaded fleet's own columns were not written
      expect(loaded.assetSiteKey[1]).toBe(4);
    }
  }, 60_000);

  it('is at most 8.5 MB at 100k assets as stored bytes (the IndexedDB read follows the bytes)', () => {
    const image = fleetToImage(compileFleet(generateFleet({ assets: 100_000, seed: 1 })));
    expect(encodeFleetImage(image).byteLength).toBeLessThan(8.5 * 2 ** 20);
  }, 60_000);

  it('refuses an image of another format, naming the format found and the one expected', () => {
    const image = fleetToImage(compileFleet(baseSnapshot()));
    const old = { ...image, format: FLEET_IMAGE_FORMAT - 1 } as FleetImage;
    expect(() => fleetFromImage(old)).toThrow(FleetImageFormatError);
    expect(() => fleetFromImage(old)).toThrow(
      `fleet image format ${FLEET_IMAGE_FORMAT - 1} is not the supported format ${FLEET_IMAGE_FORMAT}`,
    );
    expect(() => fleetFromImage({} as FleetImage)).toThrow(
      `fleet image format undefined is not the supported format ${FLEET_IMAGE_FORMAT}`,
    );
    expect(() => fleetFromImage(null as unknown as FleetImage)).toThrow(FleetImageFormatError);
    expect(() => fleetFromImage({ ...image, catalog: 'older catalog' })).toThrow(/for this catalog/);
  });
});
