// The snapshot export, end to end: the demo platform synced into an IndexedDB cache with an API key, the cache read
// by a DirectSource, exported page by page across a (validated) message boundary — and the file is what the CLI
// reads: parseSnapshot accepts it, it equals the server's data, lint runs on it, and no key or session is in it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../../core/engine';
import { recordKey } from '../../core/api/contract';
import { loadSnapshot } from '../../core/cache/read';
import { parseSnapshot } from '../../core/model/validate';
import { COLLECTION_NAMES } from '../../core/model/snapshot';
import { createApiClient } from '../../core/sync/client';
import { runSync } from '../../core/sync/run';
import { startDemoServer, type RunningDemoServer } from '../../demo/server';
import { createDirectSource } from '../../core/source/direct-source';
import { handleDataSourceRequest } from '../../core/source/request-handler';
import { createRemoteSource } from '../../core/source/remote-source';
import { snapshotJson } from '../../components/export/export-data';
import { fixtureSnapshot } from '../components/fixture';
import { freshDb, instantRetry } from '../sync/helpers';

const ROOT = join(import.meta.dirname, '../..');
let server: RunningDemoServer;
let dir: string;

beforeAll(async () => {
  server = await startDemoServer({ seed: 3, assets: 600 });
  dir = mkdtempSync(join(tmpdir(), 'ai-export-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('snapshot export', () => {
  it('round-trips the synced cache through parseSnapshot and the CLI, page by page, with no secret in it', async () => {
    const { db } = freshDb();
    await runSync(db, createApiClient({ baseUrl: server.url, apiKey: 'ai-demo-support' }), { retry: instantRetry().policy, limit: 250 });
    const direct = createDirectSource({ snapshot: await loadSnapshot(db), signedInUserId: server.apiKeys['ai-demo-support'] });
    // As the content script does it: every part asked for over the message boundary the background validates.
    const remote = createRemoteSource({ call: (m, r) => handleDataSourceRequest(direct, m, r), subscribe: () => () => undefined });
    const progress: number[] = [];
    const text = await snapshotJson(remote, (done) => progress.push(done));

    const parsed = parseSnapshot(JSON.parse(text));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const serverSnapshot = server.store.snapshot();
    // The cache keeps records by key, not in the server's order: compare each collection as a set.
    const byKey = (c: (typeof COLLECTION_NAMES)[number], xs: readonly unknown[] | undefined) =>
      [...(xs ?? [])].sort((a, b) => (recordKey(c, a as { id?: unknown }) < recordKey(c, b as { id?: unknown }) ? -1 : 1));
    for (const c of COLLECTION_NAMES) expect(byKey(c, parsed.value[c]), c).toEqual(byKey(c, serverSnapshot[c]));
    expect(Object.keys(JSON.parse(text)).sort()).toEqual(
      ['version', ...COLLECTION_NAMES.filter((c) => serverSnapshot[c] !== undefined)].sort(),
    );
    expect(progress.at(-1)).toBe(COLLECTION_NAMES.reduce((n, c) => n + (serverSnapshot[c]?.length ?? 0), 0));
    const codes = (problems: { code: string; path: string }[]) => problems.map((p) => `${p.code} ${p.path}`).sort();
    const expectedLint = codes(lint(parsed.value).problems);

    for (const key of Object.keys(server.apiKeys)) expect(text).not.toContain(key);
    expect(text).not.toMatch(/apiKey|ai_session|X-Api-Key/i);

    const file = join(dir, 'export.json');
    writeFileSync(file, text);
    const cli = (...args: string[]) => {
      try {
        return { code: 0, out: execFileSync(process.execPath, [join(ROOT, 'bin/access-inspector.mjs'), ...args], { encoding: 'utf8' }) };
      } catch (err) {
        const e = err as { status: number; stdout: string };
        return { code: e.status, out: e.stdout };
      }
    };
    const linted = cli('lint', '--data', file, '--json');
    expect([0, 1]).toContain(linted.code); // 1: problems found (a generated fleet has some), never 3 (invalid snapshot)
    expect(codes(JSON.parse(linted.out).problems)).toEqual(expectedLint);
    const someone = serverSnapshot.users[0].id;
    const visible = cli('visible', '--data', file, '--user', someone, '--json');
    expect(visible.code).toBe(0);
    expect(JSON.parse(visible.out).userId).toBe(someone);
  }, 60_000);

  it('keeps systemRoles out when the cache has none (the default catalog), and in when it has them', async () => {
    const without = fixtureSnapshot();
    const a = JSON.parse(await snapshotJson(createDirectSource({ snapshot: without })));
    expect('systemRoles' in a).toBe(false);
    expect(parseSnapshot(a)).toMatchObject({ ok: true, value: without });
    const withRoles = {
      ...fixtureSnapshot(),
      systemRoles: [{ id: 'solo', name: 'Solo', level: 0, audience: 'internal' as const, orgTypes: ['global' as const], permissions: [] }],
    };
    const b = JSON.parse(await snapshotJson(createDirectSource({ snapshot: withRoles })));
    expect(b.systemRoles).toEqual(withRoles.systemRoles);
    expect(JSON.parse(await snapshotJson(createDirectSource()))).toEqual({ version: 1 });
  });
});
