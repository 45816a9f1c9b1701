import { describe, expect, it } from 'vitest';
import { explainAsset } from '../engine/worded';
import { compileFleet } from '../../core/engine/fleet';
import { explainTicket } from '../../core/engine/tickets';
import { handleDataSourceRequest } from '../../core/source/request-handler';
import { DATA_SOURCE_ANSWERS } from '../../core/source/schema';
import { DATA_SOURCE_METHOD_NAMES } from '../../core/source/methods';
import { createDirectSource, DirectSource } from '../../core/source/direct-source';
import { DataSourceRequestError, validatedSource } from '../../core/source/validated-source';
import { createRemoteSource, REMOTE_METHODS } from '../../core/source/remote-source';
import type { ParsedRequestOf, SyncStatus } from '../../core/source/data-source';
import { bigSnapshot, fixtureSnapshot, SECRET_ASSET_NAME } from './fixture';

describe('DirectSource', () => {
  it('explains an asset with the engine’s own steps and flips', async () => {
    const snapshot = fixtureSnapshot();
    const engine = explainAsset(compileFleet(snapshot), 'u-tech', 'a-valve');
    const { explanation } = await createDirectSource({ snapshot }).explainAsset({ userId: 'u-tech', assetId: 'a-valve' });
    expect(explanation!.effect).toBe(engine.effect);
    expect(explanation!.steps).toEqual(engine.steps.map((s) => ({ code: s.code, ok: s.ok, message: s.message })));
    expect(explanation!.flips.map((f) => f.code)).toEqual(engine.flips.map((f) => f.code));
    expect(explanation!.flips.some((f) => f.code === 'GRANT_TAG_READ' && f.ids.tag === 'valves')).toBe(true);
    expect(explanation!.assetName).toBe(SECRET_ASSET_NAME);
  });

  it('answers null, not an error, for ids the cache does not hold', async () => {
    const source = createDirectSource({ snapshot: fixtureSnapshot() });
    expect((await source.explainAsset({ userId: 'u-tech', assetId: 'nope' })).explanation).toBeNull();
    expect((await source.who({ userId: 'nobody' })).facts).toBeNull();
    expect((await source.assignableRoles({ userId: 'nobody', targetId: null })).result).toBeNull();
  });

  it('pages the asset list with totals, filters by effect and searches by name or id', async () => {
    const source = createDirectSource({ snapshot: bigSnapshot(1000) });
    const all = await source.assetPage({ userId: 'u-tech', query: '', effect: 'all', offset: 990, limit: 50 });
    expect(all.total).toBe(1000);
    expect(all.rows).toHaveLength(10);
    expect(all.rows[0].assetId).toBe('a-990');
    const hidden = await source.assetPage({ userId: 'u-tech', query: '', effect: 'hidden', offset: 0, limit: 5 });
    expect(hidden.total).toBe(334); // every third asset is a valve, which the pump role cannot read
    expect(hidden.rows.every((r) => r.effect === 'hidden' && r.firstReason?.code === 'NO_READABLE_TAG')).toBe(true);
    const read = await source.assetPage({ userId: 'u-tech', query: 'asset 00012', effect: 'read', offset: 0, limit: 50 });
    expect(read.rows.map((r) => r.assetId)).toEqual(['a-121', 'a-122', 'a-124', 'a-125', 'a-127', 'a-128']);
    expect(read.rows[0].firstReason?.code).toBe('NO_WRITABLE_TAG');
  });

  it('the unfiltered page lists every asset once in snapshot order, a repeated id only at its first record', async () => {
    const snapshot = bigSnapshot(300);
    // rows 10 and 250 repeat earlier ids: the list skips them, as id look-ups do
    snapshot.assets[10] = { ...snapshot.assets[10], id: 'a-3' };
    snapshot.assets[250] = { ...snapshot.assets[250], id: 'a-249' };
    const source = createDirectSource({ snapshot });
    const expected = snapshot.assets.filter((a, i) => snapshot.assets.findIndex((b) => b.id === a.id) === i).map((a) => a.id);
    const all = await source.assetPage({ userId: 'u-tech', query: '', effect: 'all', offset: 0, limit: 500 });
    expect(all.total).toBe(298);
    expect(all.rows.map((r) => r.assetId)).toEqual(expected);
    // the filtered lists are the unfiltered one's rows with that effect (or search text), in the same order
    for (const effect of ['read', 'hidden'] as const) {
      const page = await source.assetPage({ userId: 'u-tech', query: '', effect, offset: 0, limit: 500 });
      expect(page.rows).toEqual(all.rows.filter((r) => r.effect === effect));
    }
    const found = await source.assetPage({ userId: 'u-tech', query: 'ASSET 00024', effect: 'all', offset: 0, limit: 500 });
    expect(found.rows.map((r) => r.assetId)).toEqual(expected.filter((id) => /^a-24\d$/.test(id)));
  });

  it('gives effects for the ids asked about and leaves unknown ids out', async () => {
    const source = createDirectSource({ snapshot: fixtureSnapshot() });
    const { rows } = await source.assetEffects({ userId: 'u-tech', assetIds: ['a-pump', 'zzz', 'a-valve'] });
    expect(rows.map((r) => [r.assetId, r.effect])).toEqual([
      ['a-pump', 'read'],
      ['a-valve', 'hidden'],
    ]);
  });

  it('never sends a redacted ticket’s asset name', async () => {
    const snapshot = fixtureSnapshot();
    expect(explainTicket(compileFleet(snapshot), 'u-tech', 't-valve').effect).toBe('redacted');
    const page = await createDirectSource({ snapshot }).tickets({ userId: 'u-tech', ticketIds: null, offset: 0, limit: 10 });
    const valve = page.rows.find((t) => t.ticketId === 't-valve')!;
    expect(valve.effect).toBe('redacted');
    expect(valve.assetName).toBeNull();
    expect(JSON.stringify(page)).not.toContain(SECRET_ASSET_NAME);
  });

  it('searches users by name, e-mail, id or system role, prefix matches first', async () => {
    const source = createDirectSource({ snapshot: fixtureSnapshot() });
    expect((await source.searchUsers({ query: 'quinn@', limit: 5 })).users.map((u) => u.id)).toEqual(['u-qm']);
    // Prefix matches first; then anywhere in a name, e-mail, id or system role name ("Technician" has an n).
    expect((await source.searchUsers({ query: 'N', limit: 5 })).users.map((u) => u.id)).toEqual(['u-new', 'u-admin', 'u-tech', 'u-qm']);
    expect((await source.searchUsers({ query: '  ', limit: 5 })).users).toEqual([]);
  });

  it('recompiles and tells subscribers when the snapshot changes', async () => {
    const snapshot = fixtureSnapshot();
    const source = createDirectSource({ snapshot });
    const seen: SyncStatus[] = [];
    source.subscribe((s) => seen.push(s));
    expect((await source.assetEffects({ userId: 'u-tech', assetIds: ['a-valve'] })).rows[0].effect).toBe('hidden');
    const next = fixtureSnapshot();
    next.projectRoles[0].tags.push({ tag: 'valves', read: true, write: false });
    source.setSnapshot(next);
    expect(seen.at(-1)!.dataVersion).toBe(2);
    expect((await source.assetEffects({ userId: 'u-tech', assetIds: ['a-valve'] })).rows[0].effect).toBe('read');
  });
});

describe('data-source wire', () => {
  it('every method has schemas and the remote source forwards each of them', () => {
    expect([...REMOTE_METHODS].sort()).toEqual([...DATA_SOURCE_METHOD_NAMES].sort());
  });

  it('rejects a malformed request with a message naming the field, before the engine runs', async () => {
    const source = createDirectSource({ snapshot: fixtureSnapshot() });
    await expect(handleDataSourceRequest(source, 'assetPage', { userId: 'u-tech', limit: 1_000_000 })).rejects.toThrow(/limit/);
    await expect(handleDataSourceRequest(source, 'explainAsset', { userId: 7 })).rejects.toThrow(/userId/);
    await expect(handleDataSourceRequest(source, 'dropTables', {})).rejects.toThrow(/unknown data-source method/);
  });

  it('the mounted source parses each call once: left-out fields reach DirectSource as the schema’s defaults, a bad call never reaches it', async () => {
    const direct = new DirectSource({ snapshot: fixtureSnapshot() });
    const seen: ParsedRequestOf<'assetPage'>[] = [];
    const source = validatedSource({
      calls: { ...direct.calls, assetPage: (req) => (seen.push(req), direct.calls.assetPage(req)) },
      subscribe: (l) => direct.subscribe(l),
    });
    expect((await source.assetPage({ userId: 'u-tech' })).total).toBe(4);
    expect(seen).toEqual([{ userId: 'u-tech', query: '', effect: 'all', offset: 0, limit: 100, asOf: null }]);
    await expect(source.assetPage({ userId: 'u-tech', limit: 1_000_000 })).rejects.toThrow(DataSourceRequestError);
    await expect(source.assetPage({ userId: 'u-tech', effect: 'secret' as never })).rejects.toThrow(/effect/);
    expect(seen).toHaveLength(1);
    // The same defaults on the other path: a ticket list without a filter is every ticket.
    const all = await createDirectSource({ snapshot: fixtureSnapshot() }).tickets({ userId: 'u-qm' });
    expect(all).toEqual(await direct.calls.tickets({ userId: 'u-qm', ticketIds: null, effect: 'all', offset: 0, limit: 200 }));
  });

  it('a remote source over the request handler gives the same answers as the direct one, within the response schemas', async () => {
    const direct = createDirectSource({ snapshot: fixtureSnapshot() });
    const remote = createRemoteSource({
      // A structured clone, like an extension message.
      call: async (method, request) => structuredClone(await handleDataSourceRequest(direct, method, structuredClone(request))),
      subscribe: (l) => direct.subscribe(l),
    });
    const a = await remote.explainAsset({ userId: 'u-tech', assetId: 'a-valve' });
    expect(a).toEqual(await direct.explainAsset({ userId: 'u-tech', assetId: 'a-valve' }));
    expect(DATA_SOURCE_ANSWERS.explainAsset.safeParse(a).success).toBe(true);
    const page = await remote.assetPage({ userId: 'u-tech' });
    expect(DATA_SOURCE_ANSWERS.assetPage.safeParse(page).success).toBe(true);
    expect(page.total).toBe(4);
    const tickets = await remote.tickets({ userId: 'u-qm' });
    expect(DATA_SOURCE_ANSWERS.tickets.safeParse(tickets).success).toBe(true);
    const facts = await remote.projectFacts({ userId: 'u-tech', projectId: 'p1' });
    expect(DATA_SOURCE_ANSWERS.projectFacts.safeParse(facts).success).toBe(true);
    const who = await remote.who({ userId: 'u-tech' });
    expect(DATA_SOURCE_ANSWERS.who.safeParse(who).success).toBe(true);
    const roles = await remote.assignableRoles({ userId: 'u-qm', targetId: 'u-new' });
    expect(DATA_SOURCE_ANSWERS.assignableRoles.safeParse(roles).success).toBe(true);
  });
});
